import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis } from '../support/redis.js';
import { formatFigures, type ChaosFigures } from './harness.js';
import { processKills, redisKills } from './runs.js';

/**
 * Nothing lost under SIGKILL: 40 beneficiaries mid-form per channel, the real Sanad process
 * killed at random moments and started again; then Redis itself. `npm run chaos` runs the
 * same with more kill rounds and prints the figures.
 */
let redis: Redis;
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await redis.close();
});

const CONVERSATIONS = 40;
const KILLS = 2;
/** Replies a platform may take twice: those in flight when Redis died (Telegram's send outside a webhook answer is not idempotent). */
const inFlight = (f: ChaosFigures, slots: number) => f.kills * slots;

function expectNothingLost(f: ChaosFigures): void {
  const shown = formatFigures(f);
  // A fast run may finish before its last kill round; at least one kill must land mid-form.
  expect(f.kills, shown).toBeGreaterThanOrEqual(1);
  expect(f.sent, shown).toBe(CONVERSATIONS * 14);
  expect(f.lost, shown).toBe(0);
  expect(f.answered, shown).toBe(f.sent);
  // Every message handled once: one delivery job per turn, every request filed once.
  expect(f.turnsQueuedTwice, shown).toBe(0);
  expect(f.requestsFiled, shown).toBe(CONVERSATIONS);
  expect(f.requestsDoubled, shown).toBe(0);
}

describe('chaos: the Sanad process killed with SIGKILL mid-form', () => {
  it('Telegram (fake Bot API, redelivered until 200): every message answered, every request filed once', async () => {
    const f = await processKills(redis, 'telegram', CONVERSATIONS, KILLS);
    expectNothingLost(f);
    // Each reply went out in the webhook's answer, one event with the acknowledgement: none twice.
    expect(f.doubled, formatFigures(f)).toBe(0);
  }, 180_000);

  it('web chat (official Direct Line client, re-posted by clientActivityID): every message answered exactly once', async () => {
    const f = await processKills(redis, 'webchat', CONVERSATIONS, KILLS);
    expectNothingLost(f);
    expect(f.doubled, formatFigures(f)).toBe(0);
  }, 180_000);

  it('WhatsApp (fake client, unread until caught up): every message answered once, every request filed once', async () => {
    const f = await processKills(redis, 'whatsapp', CONVERSATIONS, KILLS);
    expectNothingLost(f);
    // A send in flight at a kill is checked against the chat before it is retried: none twice.
    expect(f.doubled, formatFigures(f)).toBe(0);
  }, 180_000);
});

describe('chaos: Redis killed with SIGKILL under load and started again on its AOF', () => {
  it('loses nothing once it is back: every message answered, every request filed once', async () => {
    const f = await redisKills(CONVERSATIONS, KILLS);
    expectNothingLost(f);
    // Replies whose delivery was recorded while Redis was gone are sent again, never lost.
    expect(f.doubled, formatFigures(f)).toBeLessThanOrEqual(inFlight(f, 8));
  }, 180_000);
});
