import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningConsole } from '../../src/console/plugin.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startWhatsApp } from '../whatsapp/harness.js';
import { ADMIN, api, attachConsole, login } from './support.js';

/** A request recorded by an officer (a phone call) is looked up from WhatsApp (fake client), and its decision goes there. */
let redis: Redis;
const prefix = uniquePrefix('requests-wa');
beforeAll(async () => {
  redis = await connectTestRedis();
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('an officer-recorded request on WhatsApp', () => {
  it('is found by its reference and ID from WhatsApp, and its decision reaches that chat', async () => {
    let officers!: RunningConsole;
    const wa = await startWhatsApp(redis, prefix, 'session', {}, async (app, core) => (officers = await attachConsole(app, core, prefix)));
    const from = '966551234567@c.us';
    try {
      await waitFor(async () => (await wa.health()).state === 'ready', 'ready');
      const cookie = await login(wa.app, ADMIN.email, ADMIN.password);
      const created = await api(wa.app, cookie, 'POST', '/api/requests', {
        fullName: 'فاطمة علي الزهراني',
        nationalId: '1000000016',
        mobile: '0551234567',
        city: 'jeddah',
        familySize: '3',
        monthlyIncome: '1500',
        requestType: 'rent',
        description: 'متأخرة في سداد الإيجار ثلاثة أشهر',
        channel: 'phone',
        acknowledged: true,
      });
      expect(created.statusCode).toBe(201);
      const { reference } = created.json() as { reference: string };

      const say = async (body: string, expected: string) => {
        const before = wa.fakes.current.sentTo(from).length;
        wa.fakes.current.receive({ from, body });
        await waitFor(() => wa.fakes.current.sentTo(from).slice(before).some((t) => t.includes(expected)), `"${expected}" after "${body}"`);
        return wa.fakes.current.sentTo(from).slice(before).join('\n');
      };
      await say('السلام عليكم', 'حالة');
      await say('حالة الطلب', 'رقم الطلب');
      await say(reference, 'رقم الهوية');
      const shown = await say('1000000016', reference);
      expect(shown).toContain('مستلم، بانتظار دراسة لجنة البحث');
      expect(shown).toContain('• قُدّم في');

      await api(wa.app, cookie, 'POST', `/api/requests/${reference}/decision`, { status: 'accepted' });
      await waitFor(() => wa.fakes.current.sentTo(from).some((t) => t.includes(`قبول طلبك رقم ${reference}`)), 'the decision on WhatsApp');
      const detail = (await api(wa.app, cookie, 'GET', `/api/requests/${reference}`)).json();
      // Still the phone request it was, now with a chat to tell him on.
      expect(detail).toMatchObject({ channel: 'phone', conversation: { channel: 'whatsapp', address: from } });
    } finally {
      await officers.stop();
      await wa.stop();
    }
  }, 40_000);
});
