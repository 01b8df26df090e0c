import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { startCloud, type CloudHarness } from './harness.js';

/** Replies are paced by BullMQ's rate limiter at WHATSAPP_SEND_RATE_PER_SECOND, across conversations. */
let redis: Redis;
let wa: CloudHarness;
const prefix = uniquePrefix('wacloud-pace');

beforeAll(async () => {
  redis = await connectTestRedis();
  wa = await startCloud(redis, prefix, { WHATSAPP_SEND_RATE_PER_SECOND: '2' });
});
afterAll(async () => {
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('WhatsApp Cloud: pacing', () => {
  it('sends at most the configured number of replies per second', async () => {
    const to = ['966555400001', '966555400002', '966555400003', '966555400004', '966555400005'];
    await Promise.all(to.map((wa_id, i) => wa.core.outbound.send({ channel: 'whatsapp', address: `${wa_id}@c.us` }, [{ text: `رد ${i}`, locale: 'ar' }], `pace-${i}`)));
    const sent = (await wa.fake.waitForSent(to.length)).filter((c) => to.includes(String(c.body.to)));
    expect(sent).toHaveLength(to.length);
    const at = sent.map((c) => c.at).sort((a, b) => a - b);
    // Two per second: the third waits for the next second, the fifth for the one after.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(800);
    expect(at[4]! - at[0]!).toBeGreaterThanOrEqual(1800);
  });
});
