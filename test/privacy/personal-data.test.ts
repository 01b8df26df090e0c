import { mkdtempSync, readFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import * as mobileValidator from '../../src/domain/validators/mobile.js';
import * as idValidator from '../../src/domain/validators/national-id.js';
import { RefusedError } from '../../src/jobs/delivery-errors.js';
import { startOutbound } from '../../src/jobs/outbound.js';
import { createLogger } from '../../src/log.js';
import type { Redis } from '../../src/store/redis.js';
import * as mask from '../../src/text/mask.js';
import { matchMemoStats, normalizeForMatch } from '../../src/text/normalize.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { silentLog, testCore } from '../support/core.js';
import { waitFor } from '../support/wait-for.js';

/** Personal data in logs, jobs, events and memory (finding 5). */
let redis: Redis;
let core: Core;
const prefix = uniquePrefix('personal');
beforeAll(async () => {
  redis = await connectTestRedis();
  core = await testCore(redis, prefix);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('one masking policy', () => {
  it('masks IDs and numbers in every form people and platforms write them', () => {
    const cases: [string, string][] = [
      ['هويتي ١٠٠٠٠٠٠٠٠٨', 'هويتي 1*****0008'],
      ['جوالي ٠٥١٢٣٤٥٦٧٨', 'جوالي 05*****678'],
      ['call +966 51 234 5678 now', 'call +9665*****678 now'],
      ['00966512345678', '+9665*****678'],
      ['050-123-4567', '05*****567'],
      ['from 201001234567@c.us', 'from 2010*****567@c.us'],
      ['+44 7700 900123', '+4477*****123'],
      ['id 1000000008 and 0512345678 and +966512345678', 'id 1*****0008 and 05*****678 and +9665*****678'],
      ['wa-false_966512345678@c.us_3EB0C7', 'wa-false_9665*****678@c.us_3EB0C7'],
    ];
    for (const [raw, masked] of cases) expect(mask.maskText(raw)).toBe(masked);
    // What a person and an operator need to read stays: references, dates, amounts.
    for (const kept of ['SR-2026-000042', '2026-12-01T08:20:00.000Z', 'income 3000', 'job 8f14e45f-ceea-467f-a0e6-000000000042']) {
      expect(mask.maskText(kept)).toBe(kept);
    }
  });

  it('is the same functions in the logger and the validators', async () => {
    expect(mobileValidator.maskPhone).toBe(mask.maskPhone);
    expect(idValidator.maskNationalId).toBe(mask.maskNationalId);
    const file = join(mkdtempSync(join(tmpdir(), 'sanad-log-')), 'log.jsonl');
    const fd = openSync(file, 'w');
    const log = createLogger({ level: 'info', pretty: false, destination: fd });
    log.info({ from: '201001234567@c.us', text: 'رقمي +966 55 111 2222 وهويتي ٢٠٠٠٠٠٠٠٠٦' }, 'message from 00966551112222');
    log.flush();
    await waitFor(() => readFileSync(file, 'utf8').includes('\n'), 'the log line');
    closeSync(fd);
    const line = readFileSync(file, 'utf8');
    expect(line).not.toMatch(/201001234567|551112222|2000000006|٢٠٠٠٠٠٠٠٠٦/);
    expect(line).toContain('2010*****567@c.us');
  });
});

describe('jobs and events keep references, not personal data', () => {
  it('a reply that failed for good is kept masked, not with the full ID and mobile', async () => {
    const summary = '• رقم الهوية: 1000000008\n• الجوال: 0512345678';
    const out = await startOutbound({
      channel: 'test',
      ports: { store: { redis, keys: core.keys }, outbound: core.outbound },
      log: silentLog,
      deliver: async () => {
        throw new RefusedError('403: blocked by the user');
      },
      conversationTtlHours: 24,
    });
    try {
      const jobId = await out.queue.enqueue({ channel: 'test', address: '966512345678@c.us' }, [{ text: summary, locale: 'ar', choices: [{ id: 'x', label: '0512345678' }] }], 'personal:1');
      const job = await waitFor(async () => {
        const j = await out.queue.queue.getJob(jobId);
        return j && (await j.getState()) === 'failed' && !JSON.stringify(j.data).includes('1000000008') && j;
      }, 'the failed job, masked');
      expect(JSON.stringify(job.data)).not.toMatch(/1000000008|512345678/);
      expect(job.data.messages[0]!.text).toContain('1*****0008');
      expect(job.failedReason).toContain('blocked');
    } finally {
      await out.stop();
    }
  });

  it('message.for-officer keeps the words under an expiring key; the stream has a reference and is trimmed by age', async () => {
    const heard: unknown[] = [];
    const off = core.events.on('message.for-officer', (e) => void heard.push(e.payload));
    await core.events.emit({ name: 'message.for-officer', id: 'test:officer:1', at: Date.now(), payload: { text: 'هويتي 1000000008 وأحتاج مساعدة', attachments: [], conversation: { channel: 'test', address: 'officer-1' } } });
    off();
    expect(heard).toEqual([expect.objectContaining({ text: 'هويتي 1000000008 وأحتاج مساعدة' })]);
    const [entry] = ((await redis.xRange(core.keys.events(), "-", "+")) ?? []).filter((e) => e.message.name === 'message.for-officer');
    expect(entry!.message.payload).not.toContain('1000000008');
    const ref = (JSON.parse(entry!.message.payload!) as { contentRef: string }).contentRef;
    expect(await redis.get(ref)).toContain('1000000008');
    const ttl = await redis.ttl(ref);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    // An event bus keeping a millisecond trims everything older at its next event.
    const { EventBus } = await import('../../src/domain/events.js');
    await new Promise((r) => setTimeout(r, 5));
    await new EventBus(redis, core.keys, silentLog, { retentionMs: 1 }).emit({ name: 'service.completed', id: 'test:trim', at: Date.now(), payload: { flow: 'main', outcome: 'x', locale: 'ar', conversation: { channel: 'test', address: 'trim' } } });
    const left = (await redis.xRange(core.keys.events(), "-", "+")) ?? [];
    expect(left.map((e) => e.message.id)).toEqual(['test:trim']);
  });
});

describe('the normalisation memo', () => {
  it('is bounded by bytes and never keeps what looks like a message, an ID or a number', () => {
    normalizeForMatch('القائمة الرئيسية');
    const labels = matchMemoStats().entries;
    expect(labels).toBeGreaterThan(0);
    for (let i = 0; i < 20_000; i++) normalizeForMatch(`أحتاج مساعدة في دفع الإيجار المتأخر منذ شهرين بسبب ظروف العمل رقم ${i} `.repeat(3));
    normalizeForMatch('0512345678');
    normalizeForMatch('١٠٠٠٠٠٠٠٠٨');
    const after = matchMemoStats();
    expect(after.entries).toBe(labels);
    expect(after.bytes).toBeLessThanOrEqual(256 * 1024);
    for (let i = 0; i < 50_000; i++) normalizeForMatch(`كلمة ${String.fromCharCode(0x0627 + (i % 30))}${i.toString(36).replace(/\d/g, 'ب')}`);
    expect(matchMemoStats().bytes).toBeLessThanOrEqual(256 * 1024);
  });
});
