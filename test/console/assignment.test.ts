import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transcript } from '../support/core.js';
import { waitFor } from '../support/wait-for.js';
import { uniquePrefix } from '../support/redis.js';
import { ADMIN, api, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** Who gets a chat: longest waiting first, the available officer with the fewest open chats within his capacity; a reopened chat his last officer. */
const prefix = uniquePrefix('console-assign');
let f: ConsoleFixture;
const officer: Record<string, { id: string; cookie: string }> = {};
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  const admin = await login(f.app, ADMIN.email, ADMIN.password);
  for (const [name, capacity] of [['amal', 2], ['bader', 1]] as const) {
    const id = (await api(f.app, admin, 'POST', '/api/officers', { email: `${name}@sanad.example.org`, name: `${name[0]!.toUpperCase()}${name.slice(1)} Test`, password: `${name} password 1`, capacity })).json().id;
    officer[name] = { id, cookie: await login(f.app, `${name}@sanad.example.org`, `${name} password 1`) };
  }
});
afterAll(() => f.close());

const holder = async (c: Transcript) => (await f.core.handoffs.handoffs.openFor(c.ref))?.officerId;
/** Officer actions are answered once queued for the conversation: the assignment they lead to follows. */
const heldBy = (c: Transcript, id: string) => waitFor(async () => (await holder(c)) === id, `the chat assigned to ${id}`);
const told = (c: Transcript, words: string) => waitFor(() => c.sent.some((s) => s.message.text.includes(words)), `«${words}»`);

describe('assignment', () => {
  it('nobody available: chats wait; officers coming in take them longest-waiting first, fewest open chats first, within capacity', async () => {
    const chats = [new Transcript(f.core), new Transcript(f.core), new Transcript(f.core), new Transcript(f.core)];
    for (const c of chats) await c.say('موظف');
    expect((await api(f.app, officer.amal!.cookie, 'GET', '/api/handoffs?status=waiting')).json()).toHaveLength(4);
    // The fourth is told he is fourth.
    expect(chats[3]!.text(chats[3]!.sent.map((s) => s.message))).toContain('ترتيبك في قائمة الانتظار: 4');

    await api(f.app, officer.bader!.cookie, 'POST', '/api/me/availability', { availability: 'available' });
    await heldBy(chats[0]!, officer.bader!.id);
    await told(chats[0]!, 'انضم Bader إلى المحادثة');
    await api(f.app, officer.amal!.cookie, 'POST', '/api/me/availability', { availability: 'available' });
    await heldBy(chats[1]!, officer.amal!.id);
    await heldBy(chats[2]!, officer.amal!.id);
    // Both are full: the last one waits.
    expect(await holder(chats[3]!)).toBeUndefined();

    // Bader closes his chat: the waiting one goes to him (he has the room).
    const first = (await f.core.handoffs.handoffs.openFor(chats[0]!.ref))!.id;
    await api(f.app, officer.bader!.cookie, 'POST', `/api/handoffs/${first}/close`);
    await heldBy(chats[3]!, officer.bader!.id);
  });

  it('a new chat goes at once to an available officer with room; a reopened chat goes back to his last officer', async () => {
    // Amal holds two of two; Bader one of one: nobody has room.
    const c = new Transcript(f.core);
    await c.say('موظف');
    expect(await holder(c)).toBeUndefined();
    const waitingId = (await f.core.handoffs.handoffs.openFor(c.ref))!.id;
    await api(f.app, officer.amal!.cookie, 'POST', '/api/me/availability', { availability: 'away' });
    for (const h of (await api(f.app, officer.amal!.cookie, 'GET', '/api/handoffs?status=active')).json() as { id: string; officerId: string }[]) {
      if (h.officerId === officer.amal!.id) await api(f.app, officer.amal!.cookie, 'POST', `/api/handoffs/${h.id}/close`);
    }
    // Amal is away: the waiting chat stays waiting although she has room now.
    expect(await holder(c)).toBeUndefined();
    await api(f.app, officer.amal!.cookie, 'POST', '/api/me/availability', { availability: 'available' });
    await heldBy(c, officer.amal!.id);
    await api(f.app, officer.amal!.cookie, 'POST', `/api/handoffs/${waitingId}/release`);

    // He comes back (the menu item this time): Amal, his last officer, gets him again, not Bader.
    const bader = (await api(f.app, officer.bader!.cookie, 'GET', '/api/handoffs?status=active')).json() as { id: string }[];
    for (const h of bader) await api(f.app, officer.bader!.cookie, 'POST', `/api/handoffs/${h.id}/close`);
    await c.say('القائمة');
    const joins = c.sent.filter((x) => x.message.text.includes('انضم Amal إلى المحادثة')).length;
    await c.say('6');
    await waitFor(() => c.sent.filter((x) => x.message.text.includes('انضم Amal إلى المحادثة')).length > joins, 'Amal joining again');
    await heldBy(c, officer.amal!.id);
    expect((await f.core.handoffs.handoffs.openFor(c.ref))?.reason).toBe('asked');
  });
});
