import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { ChannelPlugin } from '../../src/channels/ports.js';
import { ContactProofs } from '../../src/domain/contact-proofs.js';
import { RefusedError } from '../../src/jobs/delivery-errors.js';
import { outboundDedupeSeconds, startOutbound, type OutboundOptions } from '../../src/jobs/outbound.js';
import { renderAsText } from '../../src/messages/render.js';
import { AttachmentStore } from '../../src/store/attachments.js';
import { Counters } from '../../src/store/counters.js';
import { isRedisDown } from '../../src/store/redis.js';
import { registerWhatsAppAdmin } from './admin.js';
import { createWwebjsClient, type WhatsAppClientLike, type WhatsAppMessage } from './client.js';
import { WhatsAppConnection } from './connection.js';
import { isForSanad, isOneToOne, senderNumber, toInbound } from './inbound.js';
import { SendOnce, wentOut } from './send-once.js';
import { tooLargeNotice } from './texts.js';

export interface WhatsAppPluginOptions {
  /** Makes the client (tests pass a fake with whatsapp-web.js's events); default: whatsapp-web.js in Chromium. */
  createClient?: () => Promise<WhatsAppClientLike>;
  /** Where the QR code is printed for the terminal; default stdout. */
  print?: (text: string) => void;
  /** Reconnect backoff (tests shorten it). */
  reconnect?: { baseMs: number; maxMs: number };
  outbound?: OutboundOptions['worker'];
  /** How long one send may take before it is given up and retried (a hung page). */
  sendTimeoutMs?: number;
}

/** Tries (200 ms doubling to 5 s, about 2 minutes) to queue a live message while Redis is away. */
const LIVE_RETRIES = 30;

/** Unread messages read back per chat after a reconnect: a beneficiary's last few, not a month of them. */
const CATCH_UP_LIMIT = 20;

/** Errors WhatsApp Web gives for a chat id that is not (or no longer) on WhatsApp: retrying cannot help. */
const NO_SUCH_USER = /invalid wid|no lid for user|not a whatsapp user|wid error/i;

async function printQr(qr: string, print: (text: string) => void, log: Logger): Promise<void> {
  try {
    const art = await QRCode.toString(qr, { type: 'terminal', small: true });
    print(`\nواتساب: امسح الرمز من هاتف الجمعية (الأجهزة المرتبطة ← ربط جهاز)\nWhatsApp: scan with the association's phone (Linked devices → Link a device)\n${art}\n`);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'whatsapp: the QR code could not be drawn');
  }
}

/**
 * The WhatsApp channel (whatsapp-web.js). On when `WHATSAPP_ENABLED=true`. One-to-one chats only;
 * choices are sent as numbered lists (WhatsApp Web buttons and lists no longer render). Replies go
 * out through the `outbound-whatsapp` BullMQ queue, drained only by the process holding the client.
 */
export function whatsappPlugin(opts: WhatsAppPluginOptions = {}): ChannelPlugin {
  return {
    name: 'whatsapp',
    async setup(ports) {
      const { http: app, config, log: parent, health } = ports;
      const { redis, keys } = ports.store;
      // The Cloud API provider (adapters/whatsapp-cloud) serves the channel instead.
      if (!config.WHATSAPP_ENABLED || config.WHATSAPP_PROVIDER !== 'web') return undefined;
      const log = parent.child({ channel: 'whatsapp' });
      const media = new AttachmentStore(redis, keys, config.CONVERSATION_TTL_HOURS * 3600);
      const proofs = new ContactProofs(redis, keys, config.CONVERSATION_TTL_HOURS * 3600);
      const maxBytes = Math.round(config.WHATSAPP_MEDIA_MAX_MB * 1024 * 1024);
      const print = opts.print ?? ((text: string) => void process.stdout.write(text));
      const inFlight = new Set<Promise<void>>();
      const track = (work: Promise<void>) => {
        const run = work.finally(() => inFlight.delete(run));
        inFlight.add(run);
      };

      const connection: WhatsAppConnection = new WhatsAppConnection({
        create: opts.createClient ?? (() => createWwebjsClient({ config, redis, keys })),
        onMessage: (msg) => track(receiveLive(msg)),
        onQr: (qr) => void printQr(qr, print, log),
        onReady: (client) => {
          // Replies postponed while the link was down go out now rather than at their next check
          // (`out` exists by then: the connection starts at the end of setup).
          void out.queue.queue.promoteJobs().catch((err: Error) => log.warn({ err: err.message }, 'whatsapp: could not release held replies'));
          track(catchUp(client));
        },
        log,
        initTimeoutMs: config.WHATSAPP_INIT_TIMEOUT_SECONDS * 1000,
        ...(opts.sendTimeoutMs ? { sendTimeoutMs: opts.sendTimeoutMs } : {}),
        ...(opts.reconnect ? { retryBaseMs: opts.reconnect.baseMs, retryMaxMs: opts.reconnect.maxMs } : {}),
      });

      const sendOnce = new SendOnce(redis, keys, Math.round(outboundDedupeSeconds(config.CONVERSATION_TTL_HOURS)));
      const out = await startOutbound({
        channel: 'whatsapp',
        ports,
        log,
        conversationTtlHours: config.CONVERSATION_TTL_HOURS,
        // One browser page sends: a little concurrency only overlaps the round trips.
        worker: { concurrency: 2, lockMs: config.CONVERSATION_LOCK_SECONDS * 1000, ...opts.outbound },
        deliver: async (ref, message, at) => {
          const text = renderAsText(message);
          try {
            // A retry of a message an earlier attempt started: sent only if it did not go out then.
            const since = await sendOnce.begin(at);
            if (since !== undefined && wentOut(await connection.lastSent(ref.address), text, since)) {
              log.info({ jobId: at.jobId, index: at.index }, 'whatsapp: the reply went out before the retry; not sent again');
              return;
            }
            await connection.send(ref.address, text);
          } catch (err) {
            if (NO_SUCH_USER.test((err as Error).message)) throw new RefusedError((err as Error).message);
            throw err;
          }
        },
      });

      /** Maps one message and queues it for the engine; throws when it could not be queued. */
      async function receive(msg: WhatsAppMessage): Promise<void> {
        if (!isForSanad(msg)) {
          log.debug({ type: msg.type, group: msg.from.endsWith('@g.us'), fromMe: msg.fromMe }, 'whatsapp: message ignored');
          return;
        }
        const inbound = await toInbound(msg, { media, maxBytes, log });
        if (inbound.kind === 'too-large') {
          log.info({ size: inbound.size, maxBytes }, 'whatsapp: file too large refused');
          await out.queue.enqueue(inbound.ref, [tooLargeNotice(config.WHATSAPP_MEDIA_MAX_MB)], `whatsapp:too-large:${inbound.messageId}`);
          return;
        }
        // The sender's number is proved by WhatsApp itself: verification uses it, not what he types.
        const proven = senderNumber(msg.from);
        if (proven) await proofs.record(inbound.message.ref, proven);
        await ports.inbound.accept(inbound.message);
      }

      /**
       * A message that arrived live: queued, or tried again while Redis is away (it stays unread in
       * WhatsApp meanwhile, so the catch-up after a restart reads it too).
       */
      async function receiveLive(msg: WhatsAppMessage): Promise<void> {
        for (let wait = 200, tries = 0; ; wait = Math.min(wait * 2, 5_000), tries++) {
          try {
            return await receive(msg);
          } catch (err) {
            if (!isRedisDown(err) || tries >= LIVE_RETRIES || connection.state === 'stopped') {
              return void log.error({ err, type: msg.type }, 'whatsapp message could not be queued; the catch-up after a reconnect reads it again');
            }
            await new Promise((r) => setTimeout(r, wait));
          }
        }
      }

      /**
       * WhatsApp Web raises 'message' only for messages that arrive while it is open: what came
       * while Sanad was stopped or disconnected is read from the unread one-to-one chats, oldest
       * first (the runner's deduplication makes a message seen twice harmless), then marked read.
       */
      async function catchUp(client: WhatsAppClientLike): Promise<void> {
        try {
          for (const chat of await client.getChats()) {
            if (chat.isGroup || chat.unreadCount <= 0 || !isOneToOne(chat.id._serialized)) continue;
            // The beneficiary's own messages only: the bot's replies between them would push the
            // oldest unread ones out of the last `unreadCount`.
            const missed = await chat.fetchMessages({ limit: Math.min(chat.unreadCount, CATCH_UP_LIMIT), fromMe: false });
            // Marked read only once every message read back is queued: a failure leaves it unread.
            for (const msg of missed) await receive(msg);
            await chat.sendSeen();
          }
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'whatsapp: could not read the messages that came while away');
        }
      }

      health.set('whatsapp', async () => ({ ...connection.health(), outbound: await out.counts() }));
      if (config.ADMIN_TOKEN) {
        registerWhatsAppAdmin(app, { token: config.ADMIN_TOKEN, connection, limit: { counters: new Counters(redis, keys), max: config.LIMIT_ADMIN_FAILURES } });
      }
      else log.info('whatsapp: set ADMIN_TOKEN to scan the QR code at /admin/whatsapp (it is printed in this terminal meanwhile)');
      connection.start();

      return {
        async stop() {
          await connection.stop();
          await Promise.allSettled([...inFlight]);
          await out.stop();
        },
      };
    },
  };
}
