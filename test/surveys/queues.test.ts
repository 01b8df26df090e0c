import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from '../console/support.js';
import { fastSettings, startSurveys } from './support.js';

/** The BullMQ dashboard at /console/queues, behind the admin role. */
const prefix = uniquePrefix('queues');
let f: ConsoleFixture;
let admin: string;
let supervisor: string;
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  admin = await login(f.app, ADMIN.email, ADMIN.password);
  await api(f.app, admin, 'POST', '/api/officers', { email: 'sup2@sanad.example.org', name: 'ريم', password: 'supervisor pw 2', role: 'supervisor' });
  supervisor = await login(f.app, 'sup2@sanad.example.org', 'supervisor pw 2');
});
afterAll(() => f.close());

describe('/console/queues', () => {
  it('401 without a session, 403 below admin', async () => {
    expect((await api(f.app, undefined, 'GET', '/console/queues')).statusCode).toBe(401);
    expect((await api(f.app, undefined, 'GET', '/console/queues/api/queues')).statusCode).toBe(401);
    expect((await api(f.app, supervisor, 'GET', '/console/queues')).statusCode).toBe(403);
    expect((await api(f.app, supervisor, 'GET', '/console/queues/api/queues')).statusCode).toBe(403);
  });

  it('shows admins the surveys and outbound queues, with a waiting survey job', async () => {
    const s = startSurveys(f.core, fastSettings({ delayMs: 3_600_000 }), { worker: false });
    await s.schedule({ id: 'chat-dash1', service: 'chat', ref: { channel: 'test', address: 'd1' }, locale: 'ar', officer: null, link: 'dash1', completedAt: Date.now() });
    const page = await api(f.app, admin, 'GET', '/console/queues');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const res = await api(f.app, admin, 'GET', '/console/queues/api/queues?activeQueue=surveys&status=delayed&page=1');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { queues: { name: string; counts: Record<string, number>; jobs: { id: string; data: unknown }[] }[] };
    expect(body.queues.map((q) => q.name)).toEqual(expect.arrayContaining(['surveys', 'outbound-webchat', 'outbound-telegram', 'outbound-whatsapp']));
    const surveys = body.queues.find((q) => q.name === 'surveys')!;
    expect(surveys.counts.delayed).toBe(1);
    expect(surveys.jobs.map((j) => [j.id, j.data])).toEqual([['send-chat-dash1', { surveyId: 'chat-dash1' }]]);
    await s.close();
  });
});
