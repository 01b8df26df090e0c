import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transcript } from '../support/core.js';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** Outside working hours (association.yaml's, with Hijri holidays) the beneficiary's message waits in the queue. */
const prefix = uniquePrefix('console-hours');
let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture(prefix, {}, { officeHours: 'sun-thu 08:00-16:00' });
});
afterAll(() => f.close());

async function ask(c: Transcript, text: string, at: string): Promise<string> {
  const before = c.sent.length;
  await f.core.runner.handle({ ref: c.ref, messageId: `m-${Math.random()}`, text, receivedAt: Date.parse(at) });
  return c.text(c.sent.slice(before).map((s) => s.message));
}

describe('out of office hours', () => {
  it('on a Friday he is told when officers are back (Hijri and Gregorian), may leave his message, and it waits', async () => {
    const c = new Transcript(f.core);
    await ask(c, 'السلام عليكم', '2026-12-04T09:00:00Z');
    const out = await ask(c, 'موظف', '2026-12-04T09:01:00Z');
    expect(out).toContain('موظفونا خارج أوقات العمل الآن');
    expect(out).toContain('الأحد');
    expect(out).toContain('ديسمبر');
    expect(out).toContain('هـ');
    expect(await ask(c, 'أحتاج مساعدة في إيجار البيت', '2026-12-04T09:02:00Z')).toContain('وصلت رسالتك');
    const cookie = await login(f.app, ADMIN.email, ADMIN.password);
    const waiting = (await api(f.app, cookie, 'GET', '/api/handoffs?status=waiting')).json() as { id: string }[];
    expect(waiting).toHaveLength(1);
    const detail = (await api(f.app, cookie, 'GET', `/api/handoffs/${waiting[0]!.id}`)).json();
    expect(detail.messages.slice(-2)).toMatchObject([
      { from: 'beneficiary', text: 'أحتاج مساعدة في إيجار البيت' },
      { from: 'bot', text: expect.stringContaining('وصلت رسالتك') },
    ]);
  });

  it('on Eid al-Fitr the holiday is named', async () => {
    const c = new Transcript(f.core);
    await ask(c, 'السلام عليكم', '2026-03-22T07:00:00Z');
    const out = await ask(c, 'موظف', '2026-03-22T07:01:00Z');
    expect(out).toContain('(عيد الفطر)');
    expect(out).toContain('الثلاثاء');
  });
});
