/**
 * `npm run bench -- limits`: one script hammering each public door with the default limits, and
 * how many of its requests got through. The real app (core, web chat, WhatsApp admin on a fake
 * client) on the local Redis under a throw-away prefix; requests through Fastify's inject.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { registerWhatsAppAdmin } from '../adapters/whatsapp/admin.js';
import type { WhatsAppConnection } from '../adapters/whatsapp/connection.js';
import { startWebchat } from '../adapters/webchat/plugin.js';
import { channelPorts, createCore } from '../src/core.js';
import { parseConfig } from '../src/config.js';
import { buildServer } from '../src/server/build.js';
import { Counters } from '../src/store/counters.js';
import { connectRedis } from '../src/store/redis.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export async function benchLimits(): Promise<void> {
  const prefix = uniquePrefix('bench-limits');
  const log = pino({ level: 'silent' });
  const config = parseConfig({ REDIS_PREFIX: prefix, ADMIN_TOKEN: 'bench-admin-token-0123456789' });
  const redis = await connectRedis(REDIS_URL);
  const core = await createCore({ redis, prefix, flowsDir: 'flows', log, conversationTtlHours: 1, statusFailuresPerDay: config.LIMIT_STATUS_FAILURES_PER_DAY });
  const health = new Map();
  const app = await buildServer({ redis, log, health, limits: { keys: core.keys } });
  const ports = channelPorts(core, { http: app, config, log, health });
  const webchat = await startWebchat({ ...ports });
  registerWhatsAppAdmin(app, {
    token: config.ADMIN_TOKEN!,
    connection: { state: 'ready', qr: undefined } as unknown as WhatsAppConnection,
    limit: { counters: new Counters(redis, core.keys), max: config.LIMIT_ADMIN_FAILURES },
  });
  await app.ready();
  const rows: [string, string, number, Record<number, number>, number][] = [];
  const tally = async (what: string, setting: string, n: number, send: (i: number) => Promise<number>) => {
    const counts: Record<number, number> = {};
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const status = await send(i);
      counts[status] = (counts[status] ?? 0) + 1;
    }
    rows.push([what, setting, n, counts, Math.round(n / ((performance.now() - t0) / 1000))]);
  };
  try {
    await tally('web chat tokens, one address', `LIMIT_TOKENS_PER_HOUR=${config.LIMIT_TOKENS_PER_HOUR}`, 500, async () =>
      (await app.inject({ method: 'POST', url: '/api/webchat/token', payload: {} })).statusCode,
    );
    // One conversation for the rest, from a token made before the address ran out.
    await redis.del(core.keys.limit(`http:POST/api/webchat/token:127.0.0.1`));
    const t = (await app.inject({ method: 'POST', url: '/api/webchat/token', payload: {} })).json() as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${t.token}` };
    await app.inject({ method: 'POST', url: '/v3/directline/conversations', headers: auth });
    await tally('activities, one conversation (64 KB each allowed)', `LIMIT_MESSAGES_PER_MINUTE=${config.LIMIT_MESSAGES_PER_MINUTE}`, 500, async (i) =>
      (await app.inject({ method: 'POST', url: `/v3/directline/conversations/${t.conversationId}/activities`, headers: auth, payload: { type: 'typing', name: `x${i}` } })).statusCode,
    );
    await redis.set(core.keys.webchatUploadOpen(t.conversationId), '1');
    const boundary = 'benchboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    await tally('uploads, one conversation', `LIMIT_UPLOADS_PER_HOUR=${config.LIMIT_UPLOADS_PER_HOUR}`, 200, async () => {
      await redis.set(core.keys.webchatUploadOpen(t.conversationId), '1');
      return (
        await app.inject({ method: 'POST', url: `/v3/directline/conversations/${t.conversationId}/upload`, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body })
      ).statusCode;
    });
    const basic = `Basic ${Buffer.from('admin:wrong-guess-000000000').toString('base64')}`;
    await tally('admin logins with wrong passwords, one address', `LIMIT_ADMIN_FAILURES=${config.LIMIT_ADMIN_FAILURES}`, 500, async () =>
      (await app.inject({ url: '/admin/whatsapp', headers: { authorization: basic } })).statusCode,
    );
    // Status look-ups in a chat: 1 = a real look-up that failed, 2 = refused by the limit.
    const ref = { channel: 'test' as const, address: 'bench-lookups' };
    let last = '';
    core.outbound.register('test', async (_ref, messages) => void (last = messages.map((m) => m.text).join('\n')));
    let n = 0;
    const say = (text: string) => core.runner.handle({ ref, messageId: `m${++n}`, text });
    await tally('request-status look-ups with guessed references, one ID', `LIMIT_STATUS_FAILURES_PER_DAY=${config.LIMIT_STATUS_FAILURES_PER_DAY}`, 100, async (i) => {
      await say('القائمة');
      await say('الاستعلام عن حالة طلب');
      await say(`SR-2026-${String(i + 1).padStart(6, '0')}`);
      await say('1000000008');
      return last.includes('أوقفنا الاستعلام') ? 2 : 1;
    });
    // Any channel's messages (Telegram, WhatsApp): the channel ports' limit, before the engine.
    await tally('chat messages, one conversation (any channel)', `LIMIT_MESSAGES_PER_MINUTE=${config.LIMIT_MESSAGES_PER_MINUTE}`, 500, async (i) => {
      const outcome = await ports.inbound.accept({ ref: { channel: 'test', address: 'bench-flood' }, messageId: `f${i}`, text: 'مرحبا' });
      return outcome === 'limited' ? 3 : 4;
    });
  } finally {
    await app.close();
    await webchat.stop();
    await deleteKeys(redis, prefix);
    await redis.close();
  }
  console.log('\n## limits (one client, default settings)\n');
  console.log('| door | setting | requests | answered | requests/s |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [what, setting, n, counts, rate] of rows) {
    const answered = Object.entries(counts)
      .map(([status, count]) => `${count} × ${({ 1: 'looked up', 2: 'officer offered', 3: 'refused (one polite notice)', 4: 'handled' } as Record<string, string>)[status] ?? status}`)
      .join(', ');
    console.log(`| ${what} | \`${setting}\` | ${n} | ${answered} | ${rate} |`);
  }
}


