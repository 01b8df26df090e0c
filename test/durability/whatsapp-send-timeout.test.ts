import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startWhatsApp, type WhatsAppHarness } from '../whatsapp/harness.js';

/** A hung WhatsApp Web page must not hold the delivery slots for ever. */
let redis: Redis;
let wa: WhatsAppHarness;
const prefix = uniquePrefix('wasend');

beforeAll(async () => {
  redis = await connectTestRedis();
  wa = await startWhatsApp(redis, prefix, 'session', {}, undefined, { sendTimeoutMs: 300 });
  await waitFor(async () => (await wa.health()).state === 'ready', 'ready');
});
afterAll(async () => {
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('a WhatsApp send that never settles', () => {
  it('is timed out and retried: both delivery slots hung, and every reply still goes out, in order', async () => {
    const client = wa.fakes.current;
    // Both slots (the worker's concurrency is 2) get a send that hangs.
    client.hangSends = 2;
    const a = '966512300001@c.us';
    const b = '966512300002@c.us';
    client.receive({ from: a, body: 'السلام عليكم' });
    client.receive({ from: b, body: 'السلام عليكم' });
    await waitFor(() => client.sentTo(a).length >= 2 && client.sentTo(b).length >= 2, 'the greeting and the menu to both', 15_000);
    for (const to of [a, b]) {
      expect(client.sentTo(to)[0]).toContain('أهلاً وسهلاً');
      expect(client.sentTo(to)[1]).toMatch(/^1\. /m);
    }
    expect(wa.lines().some((l) => l.msg === 'reply delivery failed; will retry' && String(l.reason).includes('longer than 300 ms'))).toBe(true);
  }, 30_000);

  it('a send that went out but whose result never came back is not sent again when retried', async () => {
    const client = wa.fakes.current;
    // The page sends the message, then never answers (or the process dies right after the send).
    client.sendThenHang = 1;
    const c = '966512300003@c.us';
    client.receive({ from: c, body: 'السلام عليكم' });
    await waitFor(() => client.sentTo(c).length >= 2, 'the greeting and the menu', 15_000);
    await waitFor(() => wa.lines().some((l) => l.msg === 'whatsapp: the reply went out before the retry; not sent again'), 'the retry skipping the send');
    // Each once: the retry asked the chat and found the greeting there.
    expect(client.sentTo(c)).toHaveLength(2);
    expect(client.sentTo(c)[0]).toContain('أهلاً وسهلاً');
    expect(client.sentTo(c)[1]).toMatch(/^1\. /m);
  }, 30_000);
});
