import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { replyError } from '../../src/server/reply-error.js';
import { safeEqual } from '../../src/server/safe-equal.js';
import { CloudWebhook } from './payload.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

/** Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of the raw body with the app secret. */
export function validSignature(raw: Buffer, header: string, appSecret: string): boolean {
  const want = `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
  return safeEqual(header.trim().toLowerCase(), want);
}

export interface CloudWebhookOptions {
  appSecret: string;
  verifyToken: string;
  /** Hands every message and status of a checked body over; resolves once each is durably taken. */
  receive: (body: CloudWebhook) => Promise<void>;
}

/**
 * `GET /webhooks/whatsapp` answers Meta's verification handshake; `POST` checks the signature
 * on the raw body before anything else (missing 401, wrong 403), then the shape (400), and
 * answers 200 only once every message was handed to the engine (Meta retries otherwise).
 */
export async function registerCloudWebhook(app: FastifyInstance, o: CloudWebhookOptions): Promise<void> {
  await app.register(async (scope) => {
    // The signature is over the exact bytes Meta sent: this route keeps them (JSON is parsed after the check).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.get(WEBHOOK_PATH, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const challenge = q['hub.challenge'];
      const token = q['hub.verify_token'];
      if (q['hub.mode'] !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !safeEqual(token, o.verifyToken)) {
        req.log.warn({ mode: q['hub.mode'] }, 'whatsapp webhook: verification refused (wrong verify token or mode)');
        return replyError(reply, 'SANAD_ERR_WHATSAPP_VERIFY', 'wrong hub.verify_token or hub.mode');
      }
      req.log.info('whatsapp webhook: verified by Meta');
      return reply.code(200).type('text/plain').send(challenge);
    });

    scope.post(
      WEBHOOK_PATH,
      {
        onRequest: async (req, reply) => {
          if (typeof req.headers['x-hub-signature-256'] !== 'string') {
            req.log.warn({ url: req.url }, 'whatsapp webhook: no signature');
            return replyError(reply, 'SANAD_ERR_WHATSAPP_NO_SIGNATURE', 'missing X-Hub-Signature-256');
          }
        },
      },
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!validSignature(raw, req.headers['x-hub-signature-256'] as string, o.appSecret)) {
          req.log.warn({ url: req.url }, 'whatsapp webhook: wrong signature');
          return replyError(reply, 'SANAD_ERR_WHATSAPP_SIGNATURE', 'wrong X-Hub-Signature-256');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          req.log.warn('whatsapp webhook: the body is not JSON');
          return replyError(reply, 'SANAD_ERR_WHATSAPP_PAYLOAD', 'the body is not JSON');
        }
        const parsed = CloudWebhook.safeParse(json);
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
          req.log.warn({ issues }, 'whatsapp webhook: not a WhatsApp Business Account notification');
          return replyError(reply, 'SANAD_ERR_WHATSAPP_PAYLOAD', 'the body is not a WhatsApp webhook notification');
        }
        try {
          await o.receive(parsed.data);
        } catch (err) {
          // Not taken (Redis down): Meta sends it again later, and what was taken is deduplicated.
          req.log.error({ err }, 'whatsapp webhook: could not take the notification; Meta will retry');
          return replyError(reply, 'SANAD_ERR_WHATSAPP_BUSY', 'try again later');
        }
        return reply.code(200).send({ ok: true });
      },
    );
  });
}
