import { resolve } from 'node:path';
import type { Config } from '../../src/config.js';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { RedisSessionStore } from './session-store.js';

/** A file a message carries, as whatsapp-web.js's `MessageMedia` gives it (base64 bytes). */
export interface WhatsAppMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** The parts of whatsapp-web.js's `Message` Sanad reads. */
export interface WhatsAppMessage {
  id: { _serialized: string };
  /** `9665xxxxxxxx@c.us` (or `…@lid`) for one-to-one chats, `…@g.us` for groups, `status@broadcast`. */
  from: string;
  to: string;
  body: string;
  fromMe: boolean;
  /** `chat`, `image`, `document`, `audio`, `ptt`, `video`, `sticker`, `location`, ... */
  type: string;
  hasMedia: boolean;
  timestamp: number;
  isStatus?: boolean;
  author?: string;
  /** WhatsApp Web's raw message (untyped in whatsapp-web.js): its `size` lets a file too large be refused before download. */
  _data?: { size?: number };
  downloadMedia(): Promise<WhatsAppMedia | undefined>;
}

/** The parts of whatsapp-web.js's `Chat` Sanad reads: to catch up on messages that came while it was away. */
export interface WhatsAppChat {
  id: { _serialized: string };
  isGroup: boolean;
  unreadCount: number;
  /** The last `limit` messages, oldest first; `fromMe` keeps only the bot's (true) or only the others' (false). */
  fetchMessages(options: { limit: number; fromMe?: boolean }): Promise<WhatsAppMessage[]>;
  sendSeen(): Promise<unknown>;
}

/**
 * The narrow part of whatsapp-web.js's `Client` the adapter uses, with its real event names,
 * so tests can drive the adapter with a fake client object.
 */
export interface WhatsAppClientLike {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'authenticated' | 'ready', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'change_state' | 'disconnected', listener: (state: string) => void): unknown;
  on(event: 'message', listener: (message: WhatsAppMessage) => void): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<unknown>;
  getState(): Promise<string | null>;
  getChats(): Promise<WhatsAppChat[]>;
  getChatById(chatId: string): Promise<WhatsAppChat>;
}

/**
 * The real client: whatsapp-web.js driving Debian's Chromium (never a downloaded browser).
 * The session is kept by LocalAuth under WHATSAPP_SESSION_DIR, or by RemoteAuth in Redis, so a
 * restart does not ask for a new QR scan. Loaded lazily: processes without WhatsApp never load it.
 */
export async function createWwebjsClient(o: { config: Readonly<Config>; redis: Redis; keys: Keys }): Promise<WhatsAppClientLike> {
  // Named ESM imports of LocalAuth/RemoteAuth fail at run time (CJS module): use the default export.
  const { default: wwebjs } = await import('whatsapp-web.js');
  const { Client, LocalAuth, RemoteAuth } = wwebjs;
  const dataPath = resolve(o.config.WHATSAPP_SESSION_DIR);
  const authStrategy =
    o.config.WHATSAPP_AUTH === 'redis'
      ? new RemoteAuth({ clientId: 'sanad', dataPath, store: new RedisSessionStore(o.redis, o.keys, dataPath), backupSyncIntervalMs: 300_000 })
      : new LocalAuth({ clientId: 'sanad', dataPath });
  // Chromium's sandbox cannot start as root, nor inside most containers (no user namespaces).
  const noSandbox = o.config.CHROME_NO_SANDBOX ?? process.getuid?.() === 0;
  const client: WhatsAppClientLike = new Client({
    authStrategy,
    puppeteer: {
      executablePath: o.config.CHROME_PATH,
      headless: true,
      // /dev/shm is small in containers.
      args: [...(noSandbox ? ['--no-sandbox', '--disable-setuid-sandbox'] : []), '--disable-dev-shm-usage'],
    },
    webVersionCache: { type: 'local', path: resolve(dataPath, 'web-cache') },
  });
  return client;
}
