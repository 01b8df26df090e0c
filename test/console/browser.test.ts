import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningConsole } from '../../src/console/plugin.js';
import { MISSED_EVENT } from '../../src/knowledge/misses.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { launchChromium } from '../webchat/browser.js';
import { startServer, type TestServer } from '../webchat/support.js';
import { ADMIN, attachConsole } from './support.js';

/** Two browser windows, a visitor (the web chat page) and an officer (the console), hold a conversation. */
const prefix = uniquePrefix('console-browser');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: TestServer;
let officers: RunningConsole;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ prefix, extra: async (app, core) => (officers = await attachConsole(app, core, prefix)) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await officers?.stop();
  await server?.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const bubble = (page: Page, text: string) => page.locator('.webchat__bubble__content').filter({ hasText: text }).first();
const sendBox = (page: Page) => page.locator('.webchat__send-box-text-box__input');

async function watched(context: BrowserContext) {
  const errors: string[] = [];
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors, requests };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('البريد الإلكتروني').fill(ADMIN.email);
  await page.getByLabel('كلمة المرور').fill(ADMIN.password);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.getByRole('heading', { name: 'قائمة الانتظار' }).waitFor();
}

/** WCAG 2.1 A and AA violations axe-core finds on the page. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the officers\' console in Chromium', () => {
  it('an officer sees a web chat visitor waiting (live), claims, replies; the visitor sees it; the officer closes', async () => {
    const officerCtx = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'ar-SA' });
    const visitorCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ar-SA' });
    const officer = await watched(officerCtx);
    const visitor = await watched(visitorCtx);
    await signIn(officer.page);
    await officer.page.getByText('لا أحد بالانتظار الآن.').waitFor();

    await visitor.page.goto(`${server.url}/`);
    await sendBox(visitor.page).waitFor({ timeout: 15_000 });
    await sendBox(visitor.page).fill('ابي اكلم احد');
    await sendBox(visitor.page).press('Enter');
    await bubble(visitor.page, 'ترتيبك في قائمة الانتظار').waitFor();

    // The queue page shows him without a reload (server-sent events), with a badge in the title.
    const chat = officer.page.locator('#queue .chat a').first();
    await chat.waitFor({ timeout: 10_000 });
    await expect.poll(() => officer.page.title()).toMatch(/^\(1\) /);
    await officer.page.screenshot({ path: 'test-results/console-queue.png' });
    await chat.click();
    await officer.page.getByRole('button', { name: 'استلام المحادثة' }).click();
    await bubble(visitor.page, 'انضم Admin إلى المحادثة').waitFor();

    await officer.page.getByLabel('ردك').fill('أهلاً بك، معك موظف الجمعية. كيف أخدمك؟');
    await officer.page.getByRole('button', { name: 'إرسال', exact: true }).click();
    await bubble(visitor.page, 'معك موظف الجمعية').waitFor();

    // A quick reply, edited first: the script puts it in the reply box.
    await officer.page.getByRole('button', { name: 'تعديل قبل الإرسال: لحظة من فضلك' }).click();
    await expect.poll(() => officer.page.getByLabel('ردك').inputValue()).toBe('لحظات من فضلك، أراجع طلبك الآن.');
    await officer.page.getByLabel('ردك').fill('');

    // The visitor answers; the officer's transcript shows it live.
    await sendBox(visitor.page).fill('عندي سؤال عن موعد صرف السلة الغذائية');
    await sendBox(visitor.page).press('Enter');
    await officer.page.locator('#transcript .from-beneficiary').filter({ hasText: 'موعد صرف السلة' }).waitFor({ timeout: 10_000 });
    await officer.page.screenshot({ path: 'test-results/console-conversation.png' });
    await visitor.page.screenshot({ path: 'test-results/console-visitor.png' });

    await officer.page.getByRole('button', { name: 'إنهاء المحادثة' }).click();
    await officer.page.getByRole('heading', { name: 'قائمة الانتظار' }).waitFor();
    await bubble(visitor.page, 'أنهى الموظف المحادثة').waitFor();

    expect(officer.errors).toEqual([]);
    const origin = new URL(server.url).host;
    expect(officer.requests.filter((u) => !u.startsWith('data:') && new URL(u).host !== origin)).toEqual([]);
    await officerCtx.close();
    await visitorCtx.close();
  }, 90_000);

  for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`has no WCAG 2.1 AA violations (axe-core) on the ${size}: login, queue, conversation, misses, in Arabic and English`, async () => {
      // axe is injected as a script, which the pages' CSP would block: this context bypasses it.
      const context = await browser.newContext({ viewport, locale: 'ar-SA', bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/console/login`);
      expect(await violations(page)).toEqual([]);
      await signIn(page);
      // A chat waiting, so the queue and the conversation have content.
      await server.core.handoffs.open({ ref: { channel: 'webchat', address: `axe-${size}` }, reason: 'asked', locale: 'ar', now: Date.now(), transcript: [{ from: 'beneficiary', text: 'موظف', at: Date.now() }] });
      await page.reload();
      expect(await violations(page)).toEqual([]);
      await page.locator('#queue .chat a').first().click();
      await page.getByRole('heading', { name: 'المحادثة', exact: true }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.goto(`${page.url().split('?')[0]}?lang=en`);
      expect(await page.getAttribute('html', 'dir')).toBe('ltr');
      expect(await violations(page)).toEqual([]);
      if (size === 'phone') await page.screenshot({ path: 'test-results/console-phone-en.png', fullPage: true });
      // The misses page (supervisors and admins), from the navigation, with a "did you mean" miss and an out-of-scope one.
      for (const [n, reason, text, topics] of [[0, 'out-of-scope', 'متى مباراة الهلال الجاية', undefined], [1, 'ambiguous', 'توزيع', ['volunteer', 'services']]] as const) {
        await server.core.events.emit({ name: MISSED_EVENT, id: `axe-${size}:${n}`, at: Date.now(), payload: { reason, text, locale: 'ar', ...(topics ? { topics: [...topics] } : {}), conversation: { channel: 'webchat', address: `axe-${size}` } } });
      }
      await page.getByRole('link', { name: 'Missed questions' }).click();
      await page.getByRole('heading', { name: /Messages the assistant missed/ }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.goto(`${server.url}/console/misses?lang=ar`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.locator('.miss').count()).toBeGreaterThanOrEqual(2);
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/console-misses-${size}.png`, fullPage: true });
      // Back to Arabic for the next test.
      await page.goto(`${server.url}/console?lang=ar`);
      await context.close();
    }, 60_000);
  }
});
