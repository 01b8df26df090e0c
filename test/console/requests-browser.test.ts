import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/messages/model.js';
import { waitFor } from '../support/wait-for.js';
import { uniquePrefix } from '../support/redis.js';
import { launchChromium } from '../webchat/browser.js';
import { api, ADMIN, login, startConsoleFixture, type ConsoleFixture } from './support.js';

/** In Chromium: a supervisor signs in, finds a request on the desk and decides it; the beneficiary is told. */
const prefix = uniquePrefix('requests-browser');
let f: ConsoleFixture;
let browser: Browser;
let url: string;
const told: OutboundMessage[] = [];
beforeAll(async () => {
  f = await startConsoleFixture(prefix);
  f.core.outbound.register('test', async (_ref, messages) => void told.push(...messages));
  const address = await f.app.listen({ port: 0, host: '127.0.0.1' });
  url = address;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await f.close();
});

describe('the desk in a browser', () => {
  it('a supervisor decides a request with a shared note', async () => {
    const admin = await login(f.app, ADMIN.email, ADMIN.password);
    await api(f.app, admin, 'POST', '/api/officers', { email: 'noura@sanad.example.org', name: 'نورة', password: 'noura password 1', role: 'supervisor' });
    const r = await f.core.requests.create(
      {
        applicant: { fullName: 'سالم ناصر الدوسري', nationalId: '1000000081', mobile: '+966512345670', city: 'dammam', familySize: 6, monthlyIncome: 9000 },
        requestType: 'furniture',
        description: 'نحتاج ثلاجة',
        attachments: [],
        consent: { noticeVersion: '2026-11', at: new Date().toISOString(), channel: 'telegram' },
        acknowledgement: { at: new Date().toISOString(), channel: 'telegram', text: 'أقر' },
        conversation: { channel: 'test', address: 'browser-1' },
        locale: 'ar',
      },
      new Date(),
      `${prefix}-1`,
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/console/login`);
    await page.fill('#email', 'noura@sanad.example.org');
    await page.fill('#password', 'noura password 1');
    await Promise.all([page.waitForURL(`${url}/console`), page.click('button[type=submit]')]);
    await page.goto(`${url}/console/requests`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.fill('#q', r.reference);
    await Promise.all([page.waitForURL(/q=/), page.click('form.search button')]);
    await Promise.all([page.waitForURL(`${url}/console/requests/${r.reference}`), page.click(`a[href="/console/requests/${r.reference}"]`)]);
    await page.check('input[name=status][value=rejected]');
    await page.fill('#note', 'الدخل أعلى من حد الاستحقاق');
    await page.check('input[name=shareNote]');
    await Promise.all([page.waitForURL(/done=status/), page.click('form.decision button[type=submit]')]);
    expect(await page.textContent('p.state strong')).toBe('مرفوض');
    expect(await page.textContent('[role=status]')).toBe('حُفظ.');
    expect(await page.textContent('.audit')).toContain('الدخل أعلى من حد الاستحقاق');
    expect(errors).toEqual([]);
    await waitFor(() => told.some((m) => m.text.includes(r.reference) && m.text.includes('السبب: الدخل أعلى من حد الاستحقاق')), 'the notice');
    expect((await f.core.requests.get(r.reference))!.history.at(-1)).toMatchObject({ status: 'rejected', shared: true });
  }, 60_000);
});
