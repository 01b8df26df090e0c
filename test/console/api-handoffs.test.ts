import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

const prefix = uniquePrefix('console-api');
let f: ConsoleFixture;
let admin: string;
let nora: string;
let omar: string;
let omarId: string;
/** What the beneficiaries' Telegram chats were sent (the channel itself is not started here). */
const told: { address: string; text: string }[] = [];
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  f.core.outbound.register('telegram', async (ref, messages) => void told.push(...messages.map((m) => ({ address: ref.address, text: m.text }))));
  admin = await login(f.app, ADMIN.email, ADMIN.password);
  await api(f.app, admin, 'POST', '/api/officers', { email: 'nora@sanad.example.org', name: 'نورة الشهري', password: 'nora password 1' });
  omarId = (await api(f.app, admin, 'POST', '/api/officers', { email: 'omar@sanad.example.org', name: 'Omar Saleh', password: 'omar password 1' })).json().id;
  nora = await login(f.app, 'nora@sanad.example.org', 'nora password 1');
  omar = await login(f.app, 'omar@sanad.example.org', 'omar password 1');
});
afterAll(() => f.close());

let n = 0;
/** A handoff opened the way the runner opens one (the domain service), on a Telegram chat. */
async function opened(): Promise<string> {
  const now = Date.now() + n++;
  const o = await f.core.handoffs.open({ ref: { channel: 'telegram', address: `7000${n}` }, reason: 'asked', locale: 'ar', now, transcript: [{ from: 'beneficiary', text: 'موظف', at: now }] });
  return o.handoffId;
}

describe('the handoffs API', () => {
  it('lists waiting chats longest-waiting first, with channel, address, reason and waitingSince', async () => {
    const a = await opened();
    const b = await opened();
    const list = (await api(f.app, nora, 'GET', '/api/handoffs?status=waiting')).json() as { id: string }[];
    expect(list.map((h) => h.id)).toEqual([a, b]);
    expect(list[0]).toMatchObject({ id: a, channel: 'telegram', address: expect.stringMatching(/^7000/), reason: 'asked', waitingSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const detail = (await api(f.app, nora, 'GET', `/api/handoffs/${a}`)).json();
    expect(detail.messages).toEqual([{ from: 'beneficiary', text: 'موظف', at: expect.any(String) }]);
    expect((await api(f.app, nora, 'GET', '/api/handoffs?status=everything')).statusCode).toBe(400);
  });

  it('claim, reply, transfer, close (twice harmless); the audit log says who did what', async () => {
    const id = await opened();
    const claimed = await api(f.app, nora, 'POST', `/api/handoffs/${id}/claim`);
    expect(claimed.json()).toMatchObject({ id, status: 'with-officer', officerName: 'نورة الشهري' });
    // Claimed twice by the same officer: fine; by another: 409.
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/claim`)).statusCode).toBe(200);
    expect((await api(f.app, omar, 'POST', `/api/handoffs/${id}/claim`)).statusCode).toBe(409);
    expect((await api(f.app, nora, 'GET', '/api/handoffs?status=active')).json().map((h: { id: string }) => h.id)).toContain(id);

    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: 'أهلاً، معك نورة' })).statusCode).toBe(202);
    expect(told).toContainEqual({ address: claimed.json().address, text: 'أهلاً، معك نورة' });
    // Another officer cannot write in her chat.
    expect((await api(f.app, omar, 'POST', `/api/handoffs/${id}/messages`, { text: 'x' })).statusCode).toBe(403);

    const moved = await api(f.app, nora, 'POST', `/api/handoffs/${id}/transfer`, { officerId: omarId });
    expect(moved.json()).toMatchObject({ officerId: omarId, officerName: 'Omar Saleh' });
    const first = await api(f.app, omar, 'POST', `/api/handoffs/${id}/close`);
    const second = await api(f.app, omar, 'POST', `/api/handoffs/${id}/close`);
    expect(first.json()).toMatchObject({ status: 'resolved', closedNow: true });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'resolved', closedNow: false });
    expect((await api(f.app, nora, 'GET', '/api/handoffs?status=closed')).json().map((h: { id: string }) => h.id)).toContain(id);

    const audit = (await api(f.app, admin, 'GET', `/api/handoffs/${id}`)).json().audit as { action: string; actor: string }[];
    expect(audit.map((a) => a.action)).toEqual(['opened', 'claimed', 'replied', 'transferred', 'closed']);
    expect(audit.find((a) => a.action === 'closed')?.actor).toBe(`officer:${omarId}`);
  });

  it('release hands a chat back to the bot; a closed chat cannot be claimed or answered', async () => {
    const id = await opened();
    await api(f.app, nora, 'POST', `/api/handoffs/${id}/claim`);
    expect((await api(f.app, omar, 'POST', `/api/handoffs/${id}/release`)).statusCode).toBe(403);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/release`)).json()).toMatchObject({ status: 'bot' });
    expect((await api(f.app, omar, 'POST', `/api/handoffs/${id}/claim`)).statusCode).toBe(409);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: 'x' })).statusCode).toBe(409);
  });

  it("queues a reply only while the chat is open and the officer's (or he is a supervisor): changed by another process a moment before, it is refused and never sent", async () => {
    const id = await opened();
    await api(f.app, nora, 'POST', `/api/handoffs/${id}/claim`);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: 'الرد الأول' })).statusCode).toBe(202);
    // A supervisor (the admin) may write in her chat.
    expect((await api(f.app, admin, 'POST', `/api/handoffs/${id}/messages`, { text: 'رد المشرف' })).statusCode).toBe(202);
    // Given to Omar by another process: this one has the chat's conversation from before.
    await f.core.handoffs.handoffs.transfer(id, omarId, Date.now());
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: 'لن يصل' })).statusCode).toBe(403);
    await f.core.handoffs.handoffs.end(id, 'resolved', `officer:${omarId}`, Date.now());
    expect((await api(f.app, omar, 'POST', `/api/handoffs/${id}/messages`, { text: 'ولا هذا' })).statusCode).toBe(409);
    expect((await api(f.app, admin, 'POST', `/api/handoffs/${id}/messages`, { text: 'ولا هذا' })).statusCode).toBe(409);
    const sent = told.map((t) => t.text);
    expect(sent).toContain('الرد الأول');
    expect(sent).toContain('رد المشرف');
    expect(sent).not.toContain('لن يصل');
    expect(sent).not.toContain('ولا هذا');
    const audit = (await api(f.app, admin, 'GET', `/api/handoffs/${id}`)).json().audit as { action: string }[];
    expect(audit.filter((a) => a.action === 'replied')).toHaveLength(2);
  });

  it('unknown ids are 404, wrong JSON 400, never 500', async () => {
    const id = await opened();
    for (const url of ['/api/handoffs/nope', '/api/handoffs/0123456789abcdef']) expect((await api(f.app, nora, 'GET', url)).statusCode).toBe(404);
    for (const action of ['claim', 'release', 'close']) expect((await api(f.app, nora, 'POST', `/api/handoffs/0123456789abcdef/${action}`)).statusCode).toBe(404);
    expect((await api(f.app, nora, 'POST', '/api/handoffs/0123456789abcdef/messages', { text: 'x' })).statusCode).toBe(404);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/transfer`, { officerId: 'nobody' })).statusCode).toBe(404);
    const broken = await f.app.inject({ method: 'POST', url: `/api/handoffs/${id}/messages`, headers: { cookie: nora, 'content-type': 'application/json' }, payload: '{"text":' });
    expect(broken.statusCode).toBe(400);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: 42 })).statusCode).toBe(400);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, { text: '   ' })).statusCode).toBe(400);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/transfer`, { who: 1 })).statusCode).toBe(400);
    expect((await api(f.app, nora, 'POST', `/api/handoffs/${id}/messages`, [1, 2])).statusCode).toBe(400);
  });
});
