import { afterAll, describe, expect, it } from 'vitest';
import type { RunningConsole } from '../../src/console/plugin.js';
import { deleteKeys, uniquePrefix } from '../support/redis.js';
import { newToken, startServer, Visitor, type TestServer } from '../webchat/support.js';
import { ADMIN, api, attachConsole, login } from './support.js';

/** More information asked by the committee: the question reaches the web chat, his PDF lands on the request. */
const prefix = uniquePrefix('requests-info');
let server: TestServer;
let officers: RunningConsole;
afterAll(async () => {
  await officers?.stop();
  await deleteKeys(server.redis, prefix);
  await server?.close();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('more information needed, on the web chat (official Direct Line client)', () => {
  it('the officer\'s question, then a document from the beneficiary that appears on the request, which is back under review; the look-up shows the history', async () => {
    server = await startServer({ prefix, extra: async (app, core) => (officers = await attachConsole(app, core, prefix)) });
    const t = await newToken(server.url);
    const v = new Visitor(server.url, t.token, t.userId, t.conversationId, { webSocket: false, core: server.core });
    try {
      await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
      const form: [string, string][] = [
        ['تقديم طلب دعم', 'نظام حماية البيانات'],
        ['نعم', 'اسمك الرباعي'],
        ['محمد عبدالله السالم', 'رقم الهوية'],
        ['1000000008', 'رقم الجوال'],
        ['0512345678', 'مدينة'],
        ['الرياض', 'عدد أفراد'],
        ['5', 'دخل الأسرة'],
        ['3000', 'نوع الدعم'],
        ['سداد إيجار', 'صف حاجتك'],
        ['نحتاج سداد إيجار شهرين متأخرة', 'PDF'],
        ['تخطي', 'راجع بياناتك'],
        ['البيانات صحيحة', 'إقرار'],
        ['نعم', 'SR-'],
      ];
      let last: string[] = [];
      for (const [say, expected] of form) {
        last = await v.ask(say);
        expect(last.join('\n'), `after "${say}"`).toContain(expected);
      }
      const reference = /SR-\d{4}-\d{6}/.exec(last.join('\n'))![0];

      const cookie = await login(server.app, ADMIN.email, ADMIN.password);
      const from = v.received.length;
      const res = await api(server.app, cookie, 'POST', `/api/requests/${reference}/decision`, { status: 'more-information-needed', note: 'فضلاً أرسل صورة عقد الإيجار' });
      expect(res.json()).toMatchObject({ status: 'more-information-needed', changed: true });
      await v.waitFor((a) => ((a as { text?: string }).text ?? '').includes('فضلاً أرسل صورة عقد الإيجار'), { from, what: 'the committee\'s question' });
      await v.waitFor((a) => ((a as { text?: string }).text ?? '').includes('أرسل المستند المطلوب'), { from, what: 'the prompt for his answer' });

      // He sends the document (Direct Line upload).
      const after = v.received.length;
      const body = new FormData();
      const activity = { type: 'message', from: { id: t.userId }, locale: 'ar-SA', channelData: { clientActivityID: `up-${Date.now()}` }, attachments: [{ contentType: 'application/pdf', name: 'عقد.pdf' }] };
      body.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
      body.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'عقد.pdf');
      const up = await fetch(`${server.url}/v3/directline/conversations/${t.conversationId}/upload?userId=${t.userId}`, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body });
      expect(up.status).toBe(200);
      await v.waitFor((a) => ((a as { text?: string }).text ?? '').includes(`أُضيف ردك إلى طلبك رقم ${reference}`), { from: after, what: 'the thanks' });

      const detail = (await api(server.app, cookie, 'GET', `/api/requests/${reference}`)).json();
      expect(detail.status).toBe('under-review');
      expect(detail.replies).toEqual([{ at: expect.any(String), channel: 'webchat', attachment: expect.objectContaining({ mimeType: 'application/pdf', name: 'عقد.pdf' }) }]);
      expect(detail.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'more-information-needed', 'under-review']);

      // The look-up shows the way so far, with Hijri and Gregorian dates.
      await v.ask('حالة الطلب');
      const shown = (await v.ask(reference)).join('\n') + (await v.ask('1000000008')).join('\n');
      expect(shown).toContain('قيد الدراسة');
      expect(shown).toMatch(/• قُدّم في .*هـ الموافق .* م/);
      expect(shown).toContain('• طُلب منك في');
      expect(shown).toContain('فضلاً أرسل صورة عقد الإيجار');
      expect(shown).toContain('• وصل ردك في');
    } finally {
      v.end();
    }
  }, 60_000);
});
