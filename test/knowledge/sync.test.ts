/**
 * Every process learns what one learned (issue 15, `sync.ts`), on the real Redis: two "processes"
 * (two cores on the same copy of flows/, each with its own answerer and its own subscriber
 * connection) and a supervisor's click in the console of the first; the second answers the newly
 * learned example without a restart. Also: the command line's announcement, a process that does
 * not retrain for its own announcement, and a reconnect that makes good what it may have missed.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedTopic } from '../../src/knowledge/answerer.js';
import type { Core } from '../../src/core.js';
import { appendLearned } from '../../src/knowledge/learned.js';
import { announceLearned, KnowledgeSync } from '../../src/knowledge/sync.js';
import type { Redis } from '../../src/store/redis.js';
import { ADMIN, api, login, startConsoleFixture, missesOf, type ConsoleFixture } from '../console/support.js';
import { silentLog, testCore, Transcript } from '../support/core.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix('knowledge-sync');
let redis: Redis;
let flows: string;
let first: Core;
let second: Core;
let syncFirst: KnowledgeSync;
let syncSecond: KnowledgeSync;
let f: ConsoleFixture;
let supervisor: string;

/** Messages the shipped knowledge base answers out of scope today, to teach one per test. */
const UNKNOWN = ['ودي اكون من ربعكم الميدانيين', 'عندي سيارة واوقاتي فاضية العصر', 'ودي اشارك بالفزعة', 'زرقاء اليمامة تطير', 'ودي اكون من ربع الميدان معكم'];
const topicOf = (core: Core, text: string): string | null => namedTopic(core.knowledge.answer(text));

beforeAll(async () => {
  redis = await connectTestRedis();
  flows = mkdtempSync(join(tmpdir(), 'knowledge-sync-'));
  cpSync('flows', flows, { recursive: true });
  // Two processes sharing FLOWS_DIR and Redis: each its own core, answerer and subscriber.
  first = await testCore(redis, prefix, flows);
  second = await testCore(redis, prefix, flows);
  syncFirst = await KnowledgeSync.start({ redis, keys: first.keys, answerer: first.knowledge, log: silentLog });
  syncSecond = await KnowledgeSync.start({ redis, keys: second.keys, answerer: second.knowledge, log: silentLog });
  f = await startConsoleFixture(prefix, {}, { core: first, misses: { ...missesOf(first, { MISSES_RETENTION_DAYS: 90 }), sync: syncFirst } });
  const admin = await login(f.app, ADMIN.email, ADMIN.password);
  await api(f.app, admin, 'POST', '/api/officers', { email: 'huda@sanad.example.org', name: 'هدى', password: 'huda password 1', role: 'supervisor' });
  supervisor = await login(f.app, 'huda@sanad.example.org', 'huda password 1');
});

afterAll(async () => {
  await syncFirst?.close();
  await syncSecond?.close();
  await f?.close();
  await deleteKeys(redis, prefix);
  await redis.close();
  rmSync(flows, { recursive: true, force: true });
});

describe('learning in every process', () => {
  it('a miss assigned in one process\'s console is answered by the other without a restart', async () => {
    const text = UNKNOWN.find((t) => topicOf(first, t) === null && topicOf(second, t) === null)!;
    expect(text, 'a message both answer out of scope: add one to UNKNOWN').toBeDefined();
    const heard = syncSecond.retrains;
    // A beneficiary writes it to the first process; it is recorded as a miss.
    await new Transcript(first).say(text);
    await expect.poll(async () => (await first.misses.list()).some((m) => m.text === text)).toBe(true);
    const miss = (await first.misses.list()).find((m) => m.text === text)!;

    const res = await api(f.app, supervisor, 'POST', `/api/misses/${miss.id}/assign`, { topic: 'volunteer' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ topic: 'volunteer', learned: true });
    expect(topicOf(first, text)).toBe('volunteer');
    // The second process heard the announcement on its own connection and read the files again.
    await expect.poll(() => syncSecond.retrains, { timeout: 10_000 }).toBe(heard + 1);
    await syncSecond.settled();
    expect(topicOf(second, text)).toBe('volunteer');
    // The first did not retrain a second time for its own announcement.
    expect(syncFirst.retrains).toBe(0);
  });

  it('the command line\'s announcement reaches every process', async () => {
    const text = UNKNOWN.find((t) => topicOf(first, t) === null && topicOf(second, t) === null)!;
    expect(text, 'a message both answer out of scope: add one to UNKNOWN').toBeDefined();
    appendLearned(join(flows, 'knowledge'), 'volunteer', 'ar', text);
    const before = [syncFirst.retrains, syncSecond.retrains] as const;
    expect(await announceLearned(redis, first.keys)).toBeGreaterThanOrEqual(2);
    await expect.poll(() => [syncFirst.retrains, syncSecond.retrains], { timeout: 10_000 }).toEqual([before[0] + 1, before[1] + 1]);
    await Promise.all([syncFirst.settled(), syncSecond.settled()]);
    expect(topicOf(first, text)).toBe('volunteer');
    expect(topicOf(second, text)).toBe('volunteer');
  });

  it('retrains after its connection comes back, for what was announced while it was away', async () => {
    const before = [syncFirst.retrains, syncSecond.retrains] as const;
    // The server closes both subscribers' connections (as a Redis restart or a network cut would).
    const clients = await redis.sendCommand<string>(['CLIENT', 'LIST', 'TYPE', 'pubsub']);
    const ours = clients.split('\n').filter((l) => l.includes(` name=${prefix}:knowledge-sync `));
    expect(ours).toHaveLength(2);
    for (const line of ours) await redis.sendCommand(['CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!]);
    // Each reconnects by itself, subscribes again and reads the files once.
    await expect.poll(() => [syncFirst.retrains, syncSecond.retrains], { timeout: 15_000 }).toEqual([before[0] + 1, before[1] + 1]);
    await Promise.all([syncFirst.settled(), syncSecond.settled()]);
    // And it still hears announcements on the new connection.
    await expect.poll(() => announceLearned(redis, first.keys), { timeout: 10_000 }).toBe(2);
  });
});
