import { Telegraf } from 'telegraf';
import type { ChannelPlugin } from '../../src/channels/ports.js';
import { ContactProofs } from '../../src/domain/contact-proofs.js';
import { ConfigError } from '../../src/errors.js';
import { startOutbound, type OutboundOptions } from '../../src/jobs/outbound.js';
import { Counters } from '../../src/store/counters.js';
import { WebhookAnswers } from './answer.js';
import { AttachmentStore } from '../../src/store/attachments.js';
import { TelegramFiles } from './files.js';
import { TelegramReceiver } from './receiver.js';
import { answerCall, joinTurn, RateLimitWatch, telegramDeliver } from './send.js';
import { isUpdateMessage, TelegramUpdate } from './update.js';
import { registerTelegramWebhook } from './webhook.js';

export interface TelegramPluginOptions {
  /** Outbound worker tuning (tests shorten the delays). */
  outbound?: OutboundOptions['worker'];
  /** Timeout of one Bot API call. */
  callTimeoutMs?: number;
  /** Webhook mode: how long the webhook waits for an update's turn to answer with its reply (0: never). */
  answerWithinMs?: number;
}

/** How long the webhook waits for an update's turn, by default: a turn takes tens of milliseconds. */
const ANSWER_WITHIN_MS = 2_000;
/**
 * How long an update's turn is held from the worker for the webhook's answer. The webhook decides
 * (answer, or leave it to the worker at once) within its wait; the hold only runs out when the
 * process died first and Telegram has not sent the update again (it does, after a restart).
 */
const HOLD_MS = 60_000;

/** The update kinds Sanad answers; Telegram does not send the others. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * The Telegram channel (telegraf). On when `TELEGRAM_BOT_TOKEN` is set. Webhook mode serves
 * `POST /webhooks/telegram` (and registers it when `TELEGRAM_WEBHOOK_URL` is set); polling mode
 * asks Telegram for updates, for development without a public URL. Replies go out through the
 * `outbound-telegram` BullMQ queue.
 */
export function telegramPlugin(opts: TelegramPluginOptions = {}): ChannelPlugin {
  return {
    name: 'telegram',
    async setup(ports) {
      const { http: app, config, log: parent, health } = ports;
      const token = config.TELEGRAM_BOT_TOKEN;
      if (!token) return undefined;
      const log = parent.child({ channel: 'telegram' });
      const mode = config.TELEGRAM_MODE ?? (config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling');
      const secret = config.TELEGRAM_WEBHOOK_SECRET;
      if (mode === 'webhook' && !secret) {
        throw new ConfigError(
          'TELEGRAM_WEBHOOK_SECRET: required in webhook mode, so only Telegram can call /webhooks/telegram ' +
            '(e.g. `openssl rand -hex 32`)',
        );
      }
      const bot = new Telegraf(token, {
        telegram: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), webhookReply: false },
      });
      const watch = new RateLimitWatch();
      const answerMs = mode === 'webhook' && config.TELEGRAM_ANSWERS_PER_SECOND > 0 ? (opts.answerWithinMs ?? ANSWER_WITHIN_MS) : 0;
      const out = await startOutbound({
        channel: 'telegram',
        ports,
        log,
        deliver: telegramDeliver(bot.telegram, opts.callTimeoutMs, watch),
        conversationTtlHours: config.CONVERSATION_TTL_HOURS,
        worker: { lockMs: config.CONVERSATION_LOCK_SECONDS * 1000, ...opts.outbound },
        shape: joinTurn,
        ...(answerMs
          ? { answers: { holdMs: (origin: string | undefined) => (origin && isUpdateMessage(origin) ? HOLD_MS : 0), render: (ref, messages) => answerCall(ref.address, messages) } }
          : {}),
      });
      const counters = new Counters(ports.store.redis, ports.store.keys);
      const answers = out.claims ? new WebhookAnswers({ claims: out.claims, waitMs: answerMs, watch, counters, perSecond: config.TELEGRAM_ANSWERS_PER_SECOND }) : undefined;
      const proofs = new ContactProofs(ports.store.redis, ports.store.keys, config.CONVERSATION_TTL_HOURS * 3600);
      const files = new TelegramFiles({
        telegram: bot.telegram,
        store: new AttachmentStore(ports.store.redis, ports.store.keys, config.CONVERSATION_TTL_HOURS * 3600),
        maxBytes: Math.round(config.TELEGRAM_MEDIA_MAX_MB * 1024 * 1024),
        timeoutMs: opts.callTimeoutMs ?? 30_000,
        log,
      });
      const receiver = new TelegramReceiver({ handle: ports.inbound, telegram: bot.telegram, log, proofs, files });

      let state = 'starting';
      const stopping = new AbortController();
      if (mode === 'webhook') {
        registerTelegramWebhook(app, { secret: secret!, receiver, ...(answers ? { answers } : {}) });
        const url = config.TELEGRAM_WEBHOOK_URL;
        if (url) {
          void keepTrying(stopping.signal, async () => {
            await bot.telegram.setWebhook(url, { secret_token: secret!, allowed_updates: [...ALLOWED_UPDATES] });
            state = 'webhook registered';
            log.info({ url }, 'telegram webhook registered');
          }, (err) => {
            state = `webhook not registered: ${(err as Error).message}`;
            log.error({ err: (err as Error).message }, 'telegram: setWebhook failed; retrying');
          });
        } else {
          state = 'webhook (registered by hand: TELEGRAM_WEBHOOK_URL unset)';
        }
      } else {
        // Telegraf confirms an update (the next getUpdates offset) once this resolves: it resolves
        // only once the update is queued, trying again while Redis is away.
        bot.use(async (ctx) => {
          const parsed = TelegramUpdate.safeParse(ctx.update);
          if (!parsed.success) return void log.warn({ updateId: ctx.update.update_id }, 'telegram: an update Sanad cannot read');
          for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
            try {
              return void (await receiver.accept(parsed.data));
            } catch (err) {
              if (stopping.signal.aborted) throw err;
              log.warn({ err: (err as Error).message, updateId: parsed.data.update_id }, 'telegram: update not queued; trying again');
              await new Promise((r) => setTimeout(r, wait));
            }
          }
        });
        bot
          .launch({ allowedUpdates: [...ALLOWED_UPDATES] }, () => {
            state = 'polling';
            log.info('telegram: polling for updates');
          })
          .catch((err: Error) => {
            state = `polling stopped: ${err.message}`;
            log.error({ err: err.message }, 'telegram: polling stopped');
          });
      }
      health.set('telegram', async () => ({ mode, state, outbound: await out.counts() }));

      return {
        async stop() {
          stopping.abort();
          if (mode === 'polling') {
            try {
              bot.stop('shutdown');
            } catch {
              // not running (the launch failed): nothing to stop
            }
          }
          await receiver.drain();
          await out.stop();
        },
      };
    },
  };
}

/** Runs `attempt` until it succeeds or `signal` aborts, waiting 5 s, 10 s, … up to 5 min between tries. */
async function keepTrying(signal: AbortSignal, attempt: () => Promise<void>, onError: (err: unknown) => void): Promise<void> {
  for (let wait = 5_000; !signal.aborted; wait = Math.min(wait * 2, 300_000)) {
    try {
      await attempt();
      return;
    } catch (err) {
      if (signal.aborted) return;
      onError(err);
    }
    await new Promise<void>((r) => {
      const t = setTimeout(r, wait);
      signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
    });
  }
}
