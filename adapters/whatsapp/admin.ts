import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { replyError } from '../../src/server/reply-error.js';
import { safeEqual } from '../../src/server/safe-equal.js';
import type { WhatsAppConnection } from './connection.js';

/**
 * The admin token, as `Authorization: Bearer <token>` (scripts) or as the password of HTTP Basic
 * auth (a browser asks for it). Never in the URL: URLs end up in logs.
 */
export function adminAuth(token: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ', 2);
    let given = '';
    if (scheme?.toLowerCase() === 'bearer') given = value;
    else if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString();
      given = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (given && safeEqual(given, token)) return;
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
export function registerWhatsAppAdmin(app: FastifyInstance, o: { token: string; connection: WhatsAppConnection }): void {
  const onRequest = adminAuth(o.token);
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
