import { EventEmitter } from 'node:events';
import type { WhatsAppChat, WhatsAppClientLike, WhatsAppMedia, WhatsAppMessage } from '../../adapters/whatsapp/client.js';

/** How a fake client behaves when `initialize()` is called. */
export type StartBehaviour =
  /** No saved session: a QR code is shown and initialize() resolves; `scan()` links it. */
  | 'qr'
  /** A saved session: authenticated and ready without a scan. */
  | 'session'
  /** initialize() never settles (a network that drops packets). */
  | 'hang'
  /** initialize() rejects, as offline: net::ERR_NAME_NOT_RESOLVED. */
  | 'offline';

let serial = 0;

/**
 * The WhatsApp account on WhatsApp's side, shared by every client linked to it: its chats, with
 * the messages that came while no client was open still unread.
 */
export class FakeAccount {
  readonly chats = new Map<string, { messages: WhatsAppMessage[]; unread: number; seen: number }>();

  add(msg: WhatsAppMessage, unread: boolean): void {
    const chatId = msg.fromMe ? msg.to : msg.from;
    const chat = this.chats.get(chatId) ?? { messages: [], unread: 0, seen: 0 };
    chat.messages.push(msg);
    if (unread) chat.unread++;
    this.chats.set(chatId, chat);
  }

  /** A message that arrives while no client is open: no event, only an unread chat. */
  missed(fields: Partial<WhatsAppMessage> & { media?: WhatsAppMedia }): WhatsAppMessage {
    const msg = waMessage({ to: '966500000001@c.us', ...fields });
    this.add(msg, true);
    return msg;
  }

  toChats(): WhatsAppChat[] {
    return [...this.chats.keys()].map((id) => this.chat(id));
  }

  /** One chat as whatsapp-web.js's `Chat` (an empty one for a number not written to yet). */
  chat(id: string): WhatsAppChat {
    const chat = this.chats.get(id) ?? { messages: [], unread: 0, seen: 0 };
    this.chats.set(id, chat);
    return {
      id: { _serialized: id },
      isGroup: id.endsWith('@g.us'),
      unreadCount: chat.unread,
      // As whatsapp-web.js: the last `limit` messages (only the bot's, or only the others', with `fromMe`), oldest first.
      fetchMessages: async ({ limit, fromMe }: { limit: number; fromMe?: boolean }) => chat.messages.filter((m) => fromMe === undefined || m.fromMe === fromMe).slice(-limit),
      sendSeen: async () => {
        chat.unread = 0;
        chat.seen++;
        return true;
      },
    };
  }
}

/**
 * A stand-in for whatsapp-web.js's `Client`: an EventEmitter with the real event names ('qr',
 * 'authenticated', 'auth_failure', 'ready', 'change_state', 'disconnected', 'message') and
 * messages with the real `Message` shape. It records what the adapter sends.
 */
export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClientLike {
  readonly sent: { chatId: string; content: string }[] = [];
  initialized = false;
  destroyed = false;
  state: string | null = null;
  /** The next sendMessage calls throw this error. */
  readonly sendFailures: Error[] = [];
  /** The next this many sendMessage calls never settle (a hung page). */
  hangSends = 0;
  /** The next this many sendMessage calls send the message, then never settle (its result lost). */
  sendThenHang = 0;
  readonly number = '966500000001';

  constructor(
    private readonly behaviour: StartBehaviour,
    readonly account = new FakeAccount(),
  ) {
    super();
  }

  async getChats(): Promise<WhatsAppChat[]> {
    return this.account.toChats();
  }

  async getChatById(chatId: string): Promise<WhatsAppChat> {
    return this.account.chat(chatId);
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    switch (this.behaviour) {
      case 'hang':
        return new Promise(() => {});
      case 'offline':
        throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
      case 'qr':
        setImmediate(() => this.emit('qr', `2@fake-qr-${++serial},AAAA,BBBB,CCCC=`));
        return;
      case 'session':
        setImmediate(() => this.link());
        return;
    }
  }

  /** The phone scanned the QR code. */
  scan(): void {
    this.link();
  }

  private link(): void {
    this.emit('authenticated');
    this.state = 'CONNECTED';
    this.emit('change_state', 'CONNECTED');
    this.emit('ready');
  }

  async sendMessage(chatId: string, content: string): Promise<unknown> {
    if (this.hangSends > 0) {
      this.hangSends--;
      return new Promise(() => {});
    }
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    if (this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.');
    this.sent.push({ chatId, content });
    const msg = waMessage({ from: `${this.number}@c.us`, to: chatId, body: content, fromMe: true });
    this.account.add(msg, false);
    if (this.sendThenHang > 0) {
      this.sendThenHang--;
      return new Promise(() => {});
    }
    return msg;
  }

  async getState(): Promise<string | null> {
    return this.state;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.state = null;
  }

  /** WhatsApp Web dropped the link (the phone went offline, the device was unlinked: 'LOGOUT'). */
  disconnect(reason = 'NAVIGATION'): void {
    this.state = null;
    this.emit('change_state', 'UNPAIRED');
    this.emit('disconnected', reason);
  }

  /** A message arrives (the 'message' event fires only for messages from others, as in whatsapp-web.js). */
  receive(fields: Partial<WhatsAppMessage> & { media?: WhatsAppMedia }): WhatsAppMessage {
    const msg = waMessage({ to: `${this.number}@c.us`, ...fields });
    this.account.add(msg, false);
    this.emit('message', msg);
    return msg;
  }

  sentTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.content);
  }
}

/** A message with whatsapp-web.js's `Message` fields. */
export function waMessage(f: Partial<WhatsAppMessage> & { media?: WhatsAppMedia }): WhatsAppMessage & Record<string, unknown> {
  const fromMe = f.fromMe ?? false;
  const from = f.from ?? '966512345678@c.us';
  const to = f.to ?? '966500000001@c.us';
  const local = `3EB0${(++serial).toString(16).toUpperCase().padStart(16, '0')}`;
  const remote = fromMe ? to : from;
  const media = f.media;
  // whatsapp-web.js's MessageId carries more than the adapter reads.
  const id = { fromMe, remote, id: local, _serialized: `${fromMe}_${remote}_${local}` } as WhatsAppMessage['id'];
  return {
    _data: { size: media?.filesize ?? undefined, ...(f._data ?? {}) },
    id,
    ack: fromMe ? 1 : 0,
    hasMedia: Boolean(media),
    body: f.body ?? '',
    type: f.type ?? (media ? (media.mimetype.startsWith('image/') ? 'image' : 'document') : 'chat'),
    timestamp: Math.floor(Date.now() / 1000),
    from,
    to,
    ...(f.author ? { author: f.author } : {}),
    deviceType: 'android',
    isForwarded: false,
    forwardingScore: 0,
    isStatus: f.isStatus ?? from === 'status@broadcast',
    isStarred: false,
    broadcast: from.endsWith('@broadcast'),
    fromMe,
    hasQuotedMsg: false,
    hasReaction: false,
    vCards: [],
    mentionedIds: [],
    links: [],
    downloadMedia: async () => media,
    getChat: async () => ({ id: { _serialized: remote }, isGroup: remote.endsWith('@g.us'), name: '' }),
    getContact: async () => ({ id: { _serialized: f.author ?? from }, number: (f.author ?? from).split('@')[0] }),
    reply: async () => {
      throw new Error('the adapter sends through the outbound queue, never with message.reply()');
    },
  };
}

/** A client factory for the plugin that keeps every client it made, newest last. */
export function fakeClients(behaviours: StartBehaviour[] | StartBehaviour) {
  const clients: FakeWhatsAppClient[] = [];
  const account = new FakeAccount();
  const next = (i: number) => (Array.isArray(behaviours) ? (behaviours[i] ?? behaviours[behaviours.length - 1]!) : behaviours);
  return {
    clients,
    account,
    get current(): FakeWhatsAppClient {
      return clients[clients.length - 1]!;
    },
    create: async (): Promise<WhatsAppClientLike> => {
      const c = new FakeWhatsAppClient(next(clients.length), account);
      clients.push(c);
      return c;
    },
  };
}
