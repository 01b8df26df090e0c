import { EventEmitter } from 'node:events';
import type { WhatsAppChat, WhatsAppClientLike, WhatsAppMessage } from '../../adapters/whatsapp/client.js';

/** What the parent (the "WhatsApp" side of a chaos run) and the server process say over IPC. */
export type ToServer =
  | { t: 'message'; id: string; from: string; body: string }
  | { t: 'chats'; rid: number; chats: { id: string; unread: number; messages: { id: string; from: string; body: string }[] }[] }
  | { t: 'last-sent'; rid: number; messages: { body: string; timestamp: number }[] };
export type ToWhatsApp =
  | { t: 'sent'; chatId: string; content: string }
  | { t: 'chats'; rid: number }
  | { t: 'seen'; chatId: string; upTo: string }
  | { t: 'last-sent'; rid: number; chatId: string; limit: number };

const BOT = '966500000001@c.us';

function message(m: { id: string; from: string; body: string }): WhatsAppMessage {
  return { id: { _serialized: m.id }, from: m.from, to: BOT, body: m.body, fromMe: false, type: 'chat', hasMedia: false, timestamp: Math.floor(Date.now() / 1000), isStatus: false, downloadMedia: async () => undefined };
}

/**
 * A whatsapp-web.js stand-in inside the server process whose account lives in the parent
 * (over IPC), so it outlives a SIGKILL: messages stay unread there until the server marks a
 * chat read after catching up, as on WhatsApp.
 */
export class RemoteWhatsAppClient extends EventEmitter implements WhatsAppClientLike {
  private rid = 0;
  private readonly waiting = new Map<number, (chats: WhatsAppChat[]) => void>();
  private readonly waitingSent = new Map<number, (messages: WhatsAppMessage[]) => void>();
  private readonly onIpc = (m: ToServer) => {
    if (m.t === 'message') this.emit('message', message(m));
    if (m.t === 'last-sent') {
      this.waitingSent.get(m.rid)?.(m.messages.map((x, i) => ({ ...message({ id: `true_sent_${m.rid}_${i}`, from: BOT, body: x.body }), fromMe: true, timestamp: x.timestamp })));
      this.waitingSent.delete(m.rid);
    }
    if (m.t === 'chats') {
      const chats: WhatsAppChat[] = m.chats.map((c) => ({
        id: { _serialized: c.id },
        isGroup: false,
        unreadCount: c.unread,
        fetchMessages: async ({ limit }) => c.messages.slice(-limit).map(message),
        sendSeen: async () => void this.tell({ t: 'seen', chatId: c.id, upTo: c.messages.at(-1)?.id ?? '' }),
      }));
      this.waiting.get(m.rid)?.(chats);
      this.waiting.delete(m.rid);
    }
  };

  private tell(m: ToWhatsApp): Promise<void> {
    return new Promise((ok, fail) => process.send!(m, undefined, {}, (err) => (err ? fail(err) : ok())));
  }

  async initialize(): Promise<void> {
    process.on('message', this.onIpc);
    setImmediate(() => {
      this.emit('authenticated');
      this.emit('ready');
    });
  }

  async destroy(): Promise<void> {
    process.off('message', this.onIpc);
  }

  async sendMessage(chatId: string, content: string): Promise<unknown> {
    await this.tell({ t: 'sent', chatId, content });
    return {};
  }

  async getState(): Promise<string | null> {
    return 'CONNECTED';
  }

  /** A chat whose messages are the bot's last ones there (what the send check asks for), kept by the parent. */
  async getChatById(chatId: string): Promise<WhatsAppChat> {
    return {
      id: { _serialized: chatId },
      isGroup: false,
      unreadCount: 0,
      fetchMessages: ({ limit }) => {
        const rid = ++this.rid;
        return new Promise((ok) => {
          this.waitingSent.set(rid, ok);
          void this.tell({ t: 'last-sent', rid, chatId, limit });
        });
      },
      sendSeen: async () => undefined,
    };
  }

  getChats(): Promise<WhatsAppChat[]> {
    const rid = ++this.rid;
    return new Promise((ok) => {
      this.waiting.set(rid, ok);
      void this.tell({ t: 'chats', rid });
    });
  }
}
