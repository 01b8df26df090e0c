import type { FastifyInstance } from 'fastify';
import { replyError } from '../../src/server/reply-error.js';
import { safeEqual } from '../../src/server/safe-equal.js';
import type { WebhookAnswers } from './answer.js';
import type { TelegramReceiver, Tracked } from './receiver.js';
import { TelegramUpdate } from './update.js';

export const WEBHOOK_PATH = '/webhooks/telegram';

/**
 * `POST /webhooks/telegram`: checks Telegram's secret header before the body is read, checks the
 * body, queues the update (after fetching its files) and answers 200 once it is queued; with
 * `answers`, once its turn is done (a bounded wait), carrying the turn's reply when it can (see
 * WebhookAnswers). When the update cannot be queued (Redis away) it answers 503, and Telegram
 * sends the update again.
 */
export function registerTelegramWebhook(app: FastifyInstance, o: { secret: string; receiver: TelegramReceiver; answers?: WebhookAnswers }): void {
  app.post(
    WEBHOOK_PATH,
    {
      onRequest: async (req, reply) => {
        const got = req.headers['x-telegram-bot-api-secret-token'];
        if (typeof got !== 'string' || !got) {
          req.log.warn({ url: req.url }, 'telegram webhook: no secret token');
          return replyError(reply, 'SANAD_ERR_TELEGRAM_NO_SECRET', 'missing X-Telegram-Bot-Api-Secret-Token');
        }
        if (!safeEqual(got, o.secret)) {
          req.log.warn({ url: req.url }, 'telegram webhook: wrong secret token');
          return replyError(reply, 'SANAD_ERR_TELEGRAM_SECRET', 'wrong X-Telegram-Bot-Api-Secret-Token');
        }
      },
    },
    async (req, reply) => {
      const parsed = TelegramUpdate.safeParse(req.body);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
        const updateId = (req.body as { update_id?: unknown } | null)?.update_id;
        if (typeof updateId === 'number') {
          // An update whose parts Sanad cannot read is acknowledged, not refused: Telegram would
          // retry it again and again, holding back the updates behind it.
          req.log.warn({ updateId, issues }, 'telegram webhook: an update Sanad cannot read, skipped');
          return reply.code(200).send({ ok: true });
        }
        req.log.warn({ issues }, 'telegram webhook: not an update');
        return replyError(reply, 'SANAD_ERR_TELEGRAM_UPDATE', 'the body is not a Telegram update');
      }
      const updateId = parsed.data.update_id;
      let tracked: Tracked;
      try {
        tracked = await o.receiver.acceptTracked(parsed.data);
      } catch (err) {
        req.log.warn({ err: (err as Error).message, updateId }, 'telegram webhook: update not queued; Telegram will send it again');
        return reply.code(503).send({ error: 'the update could not be kept now: send it again', code: 'SANAD_ERR_REDIS_DOWN' });
      }
      if (!o.answers || !tracked.messageId || (tracked.outcome !== 'queued' && tracked.outcome !== 'duplicate')) return reply.code(200).send({ ok: true });
      let call: string | undefined;
      try {
        call = await o.answers.answer(tracked.messageId, tracked.handled);
      } catch (err) {
        // Kept, but whether its reply is claimed is unknown: Telegram sends it again and gets the answer then.
        req.log.warn({ err: (err as Error).message, updateId }, 'telegram webhook: update kept, its answer not made; Telegram will send it again');
        return reply.code(503).send({ error: 'the update was kept but could not be answered now: send it again', code: 'SANAD_ERR_REDIS_DOWN' });
      }
      if (call) return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(call);
      return reply.code(200).send({ ok: true });
    },
  );
}
