import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.js';
import { Transcript } from '../support/core.js';
import { uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** A handoff from the beneficiary's side and the officer's, through the runner and the API. */
const prefix = uniquePrefix('console-life');
let f: ConsoleFixture;
let admin: string;
let huda: string;
let hudaId: string;
const completed: DomainEvent[] = [];
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  f.core.events.on('service.completed', (e) => void completed.push(e));
  admin = await login(f.app, ADMIN.email, ADMIN.password);
  hudaId = (await api(f.app, admin, 'POST', '/api/officers', { email: 'huda@sanad.example.org', name: 'هدى الحربي', password: 'huda password 1' })).json().id;
  huda = await login(f.app, 'huda@sanad.example.org', 'huda password 1');
});
afterAll(() => f.close());

async function waiting(c: Transcript): Promise<string> {
  const h = await f.core.handoffs.handoffs.openFor(c.ref);
  if (!h) throw new Error('no open handoff');
  return h.id;
}

describe('a handoff, end to end', () => {
  it('queued with his place; the officer joins by first name; the bot is silent; replies go out; closing emits service.completed once', async () => {
    const c = new Transcript(f.core);
    await c.say('السلام عليكم');
    await c.say('متى أوقات الدوام؟');
    const queued = c.text(await c.say('ابي اكلم احد'));
    expect(queued).toMatch(/ترتيبك في قائمة الانتظار: 1\./);
    expect(queued).toContain('سيرد عليك أحد الموظفين قريباً');
    const id = await waiting(c);

    // What was said before the handoff goes with it; what he writes while waiting is kept too.
    expect(c.text(await c.say('عندي مشكلة في طلبي'))).toContain('وصلت رسالتك');
    expect(await c.say('رقم الطلب SR-2026-000001')).toEqual([]);
    const before = (await api(f.app, huda, 'GET', `/api/handoffs/${id}`)).json();
    expect(before.messages.map((m: { from: string }) => m.from).slice(0, 3)).toEqual(['beneficiary', 'bot', 'bot']);
    expect(before.messages.map((m: { text: string }) => m.text)).toContain('رقم الطلب SR-2026-000001');

    expect((await api(f.app, huda, 'POST', `/api/handoffs/${id}/claim`)).statusCode).toBe(200);
    expect(c.text(c.sent.slice(-1).map((s) => s.message))).toContain('انضم هدى إلى المحادثة');
    // Silent while owned: the message reaches the officer, no reply from the bot.
    expect(await c.say('شكراً')).toEqual([]);
    expect(await c.say('1')).toEqual([]);

    expect((await api(f.app, huda, 'POST', `/api/handoffs/${id}/messages`, { text: 'طلبك قيد الدراسة، وسيتصل بك الباحث غداً' })).statusCode).toBe(202);
    expect(c.sent.at(-1)!.message.text).toBe('طلبك قيد الدراسة، وسيتصل بك الباحث غداً');
    const during = (await api(f.app, huda, 'GET', `/api/handoffs/${id}`)).json();
    expect(during.messages.slice(-3)).toEqual([
      { from: 'beneficiary', text: 'شكراً', at: expect.any(String) },
      { from: 'beneficiary', text: '1', at: expect.any(String) },
      { from: 'officer', text: 'طلبك قيد الدراسة، وسيتصل بك الباحث غداً', at: expect.any(String), officerId: hudaId },
    ]);

    await api(f.app, huda, 'POST', `/api/handoffs/${id}/close`);
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/close`);
    expect(c.text(c.sent.slice(-2).map((s) => s.message))).toContain('أنهى الموظف المحادثة');
    const ofThis = () => completed.filter((e) => (e.payload as { handoff?: string }).handoff === id);
    await waitFor(() => ofThis().length, 'service.completed');
    const mine = ofThis();
    expect(mine).toHaveLength(1);
    expect(mine[0]!.payload).toMatchObject({ flow: 'handoff', channel: 'test', officer: hudaId, reason: 'asked', durationMs: expect.any(Number) });
    // Back with the bot.
    expect(c.text(await c.say('القائمة'))).toContain('كيف يمكنني خدمتك اليوم');
  });

  it('handed back: he is told, and the bot answers again', async () => {
    const c = new Transcript(f.core);
    await c.say('موظف');
    const id = await waiting(c);
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/claim`);
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/release`);
    expect(c.text(c.sent.slice(-2).map((s) => s.message))).toContain('أعادك الموظف إلى المساعد الآلي');
    expect(c.text(await c.say('متى أوقات الدوام؟'))).toContain('الأحد');
  });

  it('with an officer, «القائمة» asks first; "no" keeps him with the officer', async () => {
    const c = new Transcript(f.core);
    await c.say('human');
    const id = await waiting(c);
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/claim`);
    expect(c.text(await c.say('القائمة'))).toContain('هل تريد الخروج من المحادثة مع الموظف');
    expect(c.text(await c.say('2'))).toContain('ما زلت مع الموظف');
    expect((await f.core.handoffs.handoffs.get(id))?.status).toBe('with-officer');
    await c.say('إلغاء');
    expect(c.text(await c.say('1'))).toContain('عدت إلى المساعد الآلي');
    expect((await f.core.handoffs.handoffs.get(id))?.status).toBe('bot');
    expect((await api(f.app, huda, 'GET', `/api/handoffs/${id}`)).json().audit.map((a: { action: string }) => a.action)).toEqual(['opened', 'claimed', 'left']);
  });

  it('no officer within the set time: he is told, and may go back to the bot', async () => {
    const c = new Transcript(f.core);
    await c.say('موظف');
    const id = await waiting(c);
    await f.console.desk.sweep(0);
    const told = c.sent.at(-1)!.message;
    expect(told.text).toContain('لم يتمكن أحد الموظفين من الرد');
    expect(told.choices?.map((x) => x.id)).toEqual(['handoff-wait', 'handoff-leave']);
    await f.console.desk.sweep(0);
    expect(c.sent.filter((s) => s.message.text.includes('لم يتمكن أحد الموظفين')).length).toBe(1);
    expect(c.text(await c.say('1'))).toContain('تبقى في قائمة الانتظار');
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/close`);
  });

  it('a flow step with the handoff action, and two messages in a row the bot cannot place, hand over', async () => {
    const c = new Transcript(f.core);
    await c.say('وش رايك في مباراة الهلال امس');
    const out = c.text(await c.say('كم سعر الذهب اليوم'));
    expect(out).toContain('سأحوّلك إلى أحد الموظفين');
    expect(out).toContain('ترتيبك في قائمة الانتظار');
    expect((await f.core.handoffs.handoffs.openFor(c.ref))?.reason).toBe('not-understood');
    await api(f.app, huda, 'POST', `/api/handoffs/${await waiting(c)}/close`);
  });
});

describe('a conversation whose state expired while it waited', () => {
  it('takes its handoff back when an officer joins, and gets his replies', async () => {
    const c = new Transcript(f.core);
    await c.say('موظف');
    const id = await waiting(c);
    await f.redis.del(f.core.keys.state(c.ref));
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/claim`);
    expect(c.sent.at(-1)!.message.text).toContain('انضم هدى');
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/messages`, { text: 'ما زلت معك' });
    expect(c.sent.at(-1)!.message.text).toBe('ما زلت معك');
    expect(await c.say('شكراً')).toEqual([]);
    await api(f.app, huda, 'POST', `/api/handoffs/${id}/close`);
  });
});
