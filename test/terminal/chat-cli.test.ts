import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { runPiped } from '../support/piped.js';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';

let redis: Redis;
const prefix = uniquePrefix('cli');

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

/** Runs `npm run chat` with piped input, as a script would. */
function chat(user: string, lines: string[]) {
  return runPiped('npx', ['tsx', 'bin/chat.ts'], { CHAT_USER: user, REDIS_PREFIX: prefix, REDIS_URL }, lines);
}

describe('npm run chat (stdin not a terminal)', () => {
  it('files a support request in Arabic, re-asking a national ID that fails its check digit', async () => {
    const { out, code } = await chat('cli-user-1', [
      'السلام عليكم', '2', 'نعم', 'محمد عبدالله السالم', '1000000001', '1000000008', '0512345678', '1', '5', '3000', '3',
      'نحتاج سداد إيجار شهرين متأخرة', 'تخطي', '1', 'نعم',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('1. الاستفسارات');
    expect(out).toContain('رقم التحقق');
    expect(out).toMatch(/رقم طلبك: SR-\d{4}-\d{6}/);
  }, 30_000);

  it('keeps two beneficiaries apart by CHAT_USER', async () => {
    const [a, b] = await Promise.all([chat('cli-user-a', ['مرحبا', '2']), chat('cli-user-b', ['مرحبا', '5', 'نعم'])]);
    expect(a.out).toContain('نظام حماية البيانات');
    expect(a.out).not.toContain('شكوى أم اقتراح');
    expect(b.out).toContain('شكوى أم اقتراح');
    // The same user comes back later and continues where he was.
    const again = await chat('cli-user-a', ['نعم']);
    expect(again.out).toContain('اسمك الرباعي');
  }, 30_000);
});
