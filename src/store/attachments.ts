import { randomBytes } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { ConversationRef } from '../messages/model.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';

/** Where a file came from: `wc` web chat upload, `wa` WhatsApp media (either provider), `tg` a Telegram file. */
export type AttachmentSource = 'wc' | 'wa' | 'tg';

export interface StoredAttachment {
  bytes: Buffer;
  mimeType: string;
  name?: string;
  /** `<channel>:<address>` of the conversation the file was sent in. */
  conversation: string;
  createdAt: number;
}

/** How long a file a request keeps lives: long enough for the research committee to study it. */
export const REQUEST_FILE_TTL_SECONDS = 90 * 24 * 3600;

/**
 * Files beneficiaries send, for every channel, in one data model: one Redis HASH per file
 * `{mimeType, name, size, conversation, createdAt, data}` under `att:<source>:<id>`; the
 * attachment's `storageKey` is `<source>:<id>`. A file lives as long as its conversation; a
 * request that keeps it (`keepFor`) makes it live as long as requests' files do.
 */
export class AttachmentStore {
  private readonly binary;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** The conversation TTL: what a file nobody's request kept lives. */
    private readonly ttlSeconds: number,
  ) {
    this.binary = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  }

  /** Stores a file; `id` is the platform's (a WhatsApp message id) or a new random one. Returns its storage key. */
  async save(
    source: AttachmentSource,
    file: { bytes: Buffer; mimeType: string; name?: string | undefined; conversation: Pick<ConversationRef, 'channel' | 'address'>; id?: string },
  ): Promise<string> {
    const storageKey = `${source}:${file.id ?? randomBytes(16).toString('base64url')}`;
    const key = this.keys.attachment(storageKey);
    await this.redis
      .multi()
      .hSet(key, {
        mimeType: file.mimeType,
        size: file.bytes.length,
        conversation: `${file.conversation.channel}:${file.conversation.address}`,
        createdAt: Date.now(),
        data: file.bytes,
        ...(file.name ? { name: file.name } : {}),
      })
      .expire(key, Math.max(60, Math.round(this.ttlSeconds)))
      .exec();
    return storageKey;
  }

  /** A stored file, or undefined. Older storage keys (`att:wa:<id>`) are read too. */
  async load(storageKey: string): Promise<StoredAttachment | undefined> {
    const key = normalKey(storageKey);
    if (!key) return undefined;
    const h = (await this.binary.hGetAll(this.keys.attachment(key))) as Record<string, Buffer>;
    if (!h.data || !h.mimeType) return undefined;
    return {
      bytes: h.data,
      mimeType: h.mimeType.toString(),
      conversation: h.conversation?.toString() ?? '',
      createdAt: Number(h.createdAt?.toString() ?? 0),
      ...(h.name?.length ? { name: h.name.toString() } : {}),
    };
  }

  /** A request keeps this file: it lives `seconds` from now (the request's retention), not just the conversation's. */
  async keepFor(storageKey: string, seconds = REQUEST_FILE_TTL_SECONDS): Promise<boolean> {
    const key = normalKey(storageKey);
    return key ? (await this.redis.expire(this.keys.attachment(key), seconds)) === 1 : false;
  }

  async delete(storageKey: string): Promise<void> {
    const key = normalKey(storageKey);
    if (key) await this.redis.del(this.keys.attachment(key));
  }
}

/** Whether a storage key is one of this store's (a file it keeps), not a platform's reference (`telegram:<file_id>`). */
export function isStoredKey(storageKey: string | undefined): boolean {
  return storageKey !== undefined && normalKey(storageKey) !== undefined;
}

/** `wc:<id>`, `wa:<id>` or `tg:<id>` (and the older `att:wa:<id>`); anything else is no key of ours (a Telegram file too large to keep). */
function normalKey(storageKey: string): string | undefined {
  const k = storageKey.startsWith('att:') ? storageKey.slice(4) : storageKey;
  return /^(wc|wa|tg):[\w.@:+=/-]{1,200}$/.test(k) ? k : undefined;
}
