/**
 * Learning from misses, with the real core on the real Redis: an `inquiry.missed` event emitted
 * through the core's EventBus is kept (masked, channel and time, no address), listed, assigned
 * to a topic (appended to learned.yaml of a copy of the shipped flows) and learnt by `retrain()`
 * without a new answerer.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { FlowFileError } from '../../src/errors.js';
import { readKnowledgeBase } from '../../src/knowledge/index.js';
import { assignMiss } from '../../src/knowledge/learned.js';
import { MISSED_EVENT, MissError, MissStore, missId } from '../../src/knowledge/misses.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { runPiped } from '../support/piped.js';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';
import { testCore, Transcript } from '../support/core.js';

let redis: Redis;
let core: Core;
let flows: string;
const prefix = uniquePrefix('misses');
const knowledge = (): string => join(flows, 'knowledge');
let n = 0;

beforeAll(async () => {
  redis = await connectTestRedis();
  flows = mkdtempSync(join(tmpdir(), 'core-flows-'));
  cpSync('flows', flows, { recursive: true });
  core = await testCore(redis, prefix, flows);
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
  rmSync(flows, { recursive: true, force: true });
});

async function miss(text: string, extra: Record<string, unknown> = {}, at = Date.now()): Promise<string> {
  const id = `turn-${n++}:0`;
  await core.events.emit({ name: MISSED_EVENT, id, at, payload: { reason: 'out-of-scope', text, locale: 'ar', conversation: { channel: 'telegram', address: '966501234567' }, ...extra } });
  return missId(id);
}

describe('the miss store', () => {
  it('keeps a missed message masked, with its channel, time and reason, and not who wrote it', async () => {
    const at = Date.now() - 60_000;
    const id = await miss('رقمي 0501234567 وهويتي 1012345678 ابي اعرف وش صار', { reason: 'ambiguous', topics: ['request-status', 'update-data'] }, at);
    const kept = await core.misses.get(id);
    expect(kept).toEqual({ id, at, channel: 'telegram', reason: 'ambiguous', locale: 'ar', text: expect.stringContaining('*****'), topics: ['request-status', 'update-data'] });
    expect(kept!.text).not.toContain('0501234567');
    expect(kept!.text).not.toContain('1012345678');
    const raw = await redis.get(new Keys(prefix).miss(id));
    expect(raw).not.toContain('966501234567');
    const ttl = await redis.ttl(new Keys(prefix).miss(id));
    expect(ttl).toBeGreaterThan(89 * 24 * 3600);
    expect(ttl).toBeLessThanOrEqual(90 * 24 * 3600);
  });

  it('records an event repeated after a crash once, and lists the newest first', async () => {
    const at = Date.now();
    const event: DomainEvent = { name: MISSED_EVENT, id: `turn-repeat:0`, at, payload: { reason: 'officer-after-answer', text: 'مو هذا اللي ابيه', locale: 'ar', conversation: { channel: 'whatsapp', address: 'x' } } };
    await core.events.emit(event);
    await core.events.emit(event);
    const list = await core.misses.list();
    expect(list.filter((m) => m.text === 'مو هذا اللي ابيه')).toHaveLength(1);
    expect(list[0]!.id).toBe(missId('turn-repeat:0'));
    expect(list.map((m) => m.at)).toEqual([...list.map((m) => m.at)].sort((a, b) => b - a));
  });

  it('forgets misses older than the retention period, and ignores an event of the wrong shape', async () => {
    const old = await miss('رسالة قديمة جدا', {}, Date.now() - 91 * 24 * 3600 * 1000);
    expect((await core.misses.list()).map((m) => m.id)).not.toContain(old);
    await core.events.emit({ name: MISSED_EVENT, id: 'bad:0', at: Date.now(), payload: { text: 'بلا سبب' } as never });
    expect(await core.misses.get(missId('bad:0'))).toBeUndefined();
    const short = new MissStore(redis, new Keys(prefix), 1);
    expect((await short.list()).length).toBeGreaterThan(0);
  });
});

describe('from a conversation', () => {
  it('keeps the message a beneficiary wrote that the bot answered out of scope, with no address', async () => {
    const t = new Transcript(core);
    await t.say('مرحبا');
    await t.say('متى مباراة الهلال الجاية ورقمي 0509876543');
    const kept = (await core.misses.list()).find((m) => m.text.startsWith('متى مباراة الهلال'));
    expect(kept).toMatchObject({ channel: 'test', reason: 'out-of-scope', locale: 'ar' });
    expect(kept!.text).not.toContain('0509876543');
    expect(JSON.stringify(kept)).not.toContain(t.address);
  });
});

describe('assigning a miss and retraining', () => {
  const word = 'ابي ازقمبل لكم الحين';

  it('appends the message to learned.yaml, removes the miss, and retrain() answers with it without a restart', async () => {
    const answerer = core.knowledge;
    expect(core.ctx.answerer).toBe(answerer);
    const before = answerer.answer(word);
    expect(before.kind === 'topic' && before.topic.id === 'volunteer').toBe(false);
    const id = await miss(word);
    const { file } = await assignMiss(core.misses, knowledge(), id, 'volunteer');
    expect(readFileSync(file, 'utf8')).toContain(word);
    expect(readKnowledgeBase(knowledge()).topics.find((t) => t.id === 'volunteer')!.examples.ar).toContain(word);
    expect(await core.misses.get(id)).toBeUndefined();
    const r = await answerer.retrain();
    expect(r.topics).toBe(20);
    const after = core.ctx.answerer.answer(word);
    expect(after.kind === 'topic' ? after.topic.id : after.kind).toBe('volunteer');
  });

  it('refuses an unknown topic or miss, keeping the miss', async () => {
    const id = await miss('شي ما له موضوع');
    await expect(assignMiss(core.misses, knowledge(), id, 'no-such-topic')).rejects.toBeInstanceOf(MissError);
    expect(await core.misses.get(id)).toBeDefined();
    await expect(assignMiss(core.misses, knowledge(), 'deadbeef', 'donate')).rejects.toThrow(/No miss "deadbeef"/);
  });

  it('keeps answering with the old matcher when the knowledge base no longer loads', async () => {
    const file = join(knowledge(), 'learned.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, 'learned:\n  no-such-topic:\n    ar: [x]\n');
    await expect(core.knowledge.retrain()).rejects.toBeInstanceOf(FlowFileError);
    expect(core.knowledge.answer(word).kind).toBe('topic');
    writeFileSync(file, good);
  });
});

describe('npm run -s misses', () => {
  const env = (): Record<string, string> => ({ REDIS_URL, REDIS_PREFIX: prefix, FLOWS_DIR: flows, LOG_LEVEL: 'silent' });

  it('lists one line per miss (time, channel, reason, masked text, id) and assigns one', async () => {
    const id = await miss('ابغى اعرف متى ينزل الدعم جوالي 0551234567');
    const listed = await runPiped('npm', ['run', '-s', 'misses'], env(), []);
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n').filter(Boolean);
    expect(lines.length).toBe((await core.misses.list()).length);
    const line = lines.find((l) => l.endsWith(id))!;
    expect(line.split('\t')).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'telegram', 'out-of-scope', expect.stringContaining('*****'), id]);
    expect(listed.out).not.toContain('0551234567');

    const assigned = await runPiped('npm', ['run', '-s', 'misses', '--', 'assign', id, 'review-time'], env(), []);
    expect(assigned.code).toBe(0);
    expect(assigned.out).toContain('learned.yaml');
    expect(readKnowledgeBase(knowledge()).topics.find((t) => t.id === 'review-time')!.examples.ar.some((e) => e.startsWith('ابغى اعرف متى ينزل الدعم'))).toBe(true);
    expect(await core.misses.get(id)).toBeUndefined();

    const wrong = await runPiped('npm', ['run', '-s', 'misses', '--', 'assign', id, 'review-time'], env(), []);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(`No miss "${id}"`);
    const usage = await runPiped('npm', ['run', '-s', 'misses', '--', 'assign'], env(), []);
    expect(usage.code).toBe(2);
  }, 60_000);
});
