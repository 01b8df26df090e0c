import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { replyError } from '../../src/server/reply-error.js';
import { safeEqual } from '../../src/server/safe-equal.js';
import type { Counters } from '../../src/store/counters.js';
import type { WhatsAppConnection } from './connection.js';

/** Failed admin logins counted per client address over this window. */
const ADMIN_WINDOW_MS = 15 * 60_000;

export interface AdminLimit {
  counters: Counters;
  /** Failed attempts per address per 15 minutes (`LIMIT_ADMIN_FAILURES`). */
  max: number;
}

/**
 * The admin token, as `Authorization: Bearer <token>` (scripts) or as the password of HTTP Basic
 * auth (a browser asks for it). Never in the URL: URLs end up in logs.
 */
export function adminAuth(token: string, limit?: AdminLimit) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // Guessing the token is throttled per address: past the limit even the right one waits.
    const counter = `admin:${req.ip}`;
    if (limit) {
      const seen = await limit.counters.peek(counter);
      if (seen.current >= limit.max) {
        const after = Math.max(1, Math.ceil(seen.ttlMs / 1000));
        req.log.warn({ url: req.url }, 'admin: too many failed attempts');
        return reply
          .code(429)
          .header('retry-after', String(after))
          .send({ error: `too many failed admin logins; try again in ${after} s`, code: 'SANAD_ERR_RATE_LIMIT' });
      }
    }
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ', 2);
    let given = '';
    if (scheme?.toLowerCase() === 'bearer') given = value;
    else if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString();
      given = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (given && safeEqual(given, token)) return;
    if (limit) await limit.counters.hit(counter, ADMIN_WINDOW_MS);
    req.log.warn({ url: req.url, scheme: scheme || 'none' }, 'admin: not authorised');
    reply.header('www-authenticate', 'Basic realm="Sanad admin", charset="UTF-8"');
    return replyError(reply, 'SANAD_ERR_ADMIN_AUTH', 'the admin token is needed (HTTP Basic password, or Authorization: Bearer)');
  };
}

const STATE_TEXT: Record<string, [string, string]> = {
  ready: ['واتساب مرتبط ويعمل ✅', 'WhatsApp is linked and running ✅'],
  qr: ['امسح الرمز لربط واتساب', 'Scan the code to link WhatsApp'],
  authenticated: ['تم المسح، جارٍ التحميل…', 'Scanned, loading…'],
  starting: ['جارٍ تشغيل واتساب…', 'Starting WhatsApp…'],
  disconnected: ['انقطع الاتصال، جارٍ إعادة المحاولة…', 'Disconnected, retrying…'],
  'auth-failure': ['فشل الدخول، سيظهر رمز جديد', 'Login failed; a new code will appear'],
  stopped: ['متوقف', 'Stopped'],
};

function page(connection: WhatsAppConnection): string {
  const [ar, en] = STATE_TEXT[connection.state] ?? [connection.state, connection.state];
  const qr = connection.state === 'qr' ? '<p><img src="/admin/whatsapp/qr.svg" width="320" height="320" alt="QR"></p>' : '';
  return `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>سند · واتساب</title><style>body{font-family:system-ui,sans-serif;text-align:center;margin:2em}</style></head>
<body><h1>${ar}</h1><p dir="ltr">${en}</p>${qr}
<p>افتح واتساب على هاتف الجمعية ← الإعدادات ← الأجهزة المرتبطة ← ربط جهاز، ثم امسح الرمز.</p>
<p dir="ltr">On the association's phone: WhatsApp → Settings → Linked devices → Link a device, then scan the code.</p>
</body></html>`;
}

/** `GET /admin/whatsapp` (a page that refreshes itself) and `GET /admin/whatsapp/qr.svg`, behind the admin token. */
export function registerWhatsAppAdmin(app: FastifyInstance, o: { token: string; connection: WhatsAppConnection; limit?: AdminLimit }): void {
  const onRequest = adminAuth(o.token, o.limit);
  app.get('/admin/whatsapp', { onRequest }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page(o.connection)),
  );
  app.get('/admin/whatsapp/qr.svg', { onRequest }, async (_req, reply) => {
    const qr = o.connection.qr;
    if (!qr) return replyError(reply, 'SANAD_ERR_NO_QR', `no QR code to scan: WhatsApp is ${o.connection.state}`, { state: o.connection.state });
    const svg = await QRCode.toString(qr, { type: 'svg', margin: 2, width: 320 });
    return reply.header('cache-control', 'no-store').type('image/svg+xml').send(svg);
  });
}
