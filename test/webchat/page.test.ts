import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { launchChromium } from './browser.js';
import { PNG } from './fixtures.js';
import { startServer, type TestServer } from './support.js';

const prefix = uniquePrefix('webchat-page');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ prefix });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

/** Every request a page (and its frames and workers) makes, and every error it reports. */
async function watched(context: BrowserContext): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, requests, errors };
}

const transcript = (page: Page) => page.locator('.webchat__basic-transcript');
/** A bubble showing `text` (Web Chat also repeats texts for screen readers, hence the bubble class). */
const bubble = (where: Page | FrameLocator, text: string) => where.locator('.webchat__bubble__content').filter({ hasText: text }).first();
const sendBox = (page: Page) => page.locator('.webchat__send-box-text-box__input');

async function say(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
}

describe('the chat page in Chromium', () => {
  it('chats in Arabic, right to left, in the association\'s colour; taps a suggested action; sends a photo; switches to English', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'ar-SA' });
    const { page, requests, errors } = await watched(context);
    await page.goto(`${server.url}/`);

    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    await expect.poll(() => page.locator('h1').textContent()).toBe('جمعية سند الخيرية');
    expect(await page.locator('.about').textContent()).toContain('920000000');

    // The widget, in Arabic, with the welcome.
    await sendBox(page).waitFor({ timeout: 15_000 });
    expect(await sendBox(page).getAttribute('placeholder')).toBe('اكتب رسالتك');
    await bubble(page, 'مرحباً بك في جمعية سند الخيرية').waitFor();
    const webchatDir = await page.locator('.webchat__basic-transcript').evaluate((el) => getComputedStyle(el).direction);
    expect(webchatDir).toBe('rtl');

    await say(page, 'السلام عليكم');
    await bubble(page, 'أهلاً وسهلاً بك في جمعية سند الخيرية').waitFor();
    const apply = page.locator('.webchat__suggested-action', { hasText: 'تقديم طلب دعم' });
    await apply.waitFor();
    // Suggested actions wear the association's colour (#0F7B6C).
    expect(await apply.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(15, 123, 108)');
    await page.screenshot({ path: 'test-results/webchat-ar.png' });

    await apply.click();
    await bubble(page, 'قبل أن نبدأ').waitFor();
    // The tap shows its label as the visitor's message (messageBack displayText).
    expect(await transcript(page).locator('.webchat__bubble--from-user').last().textContent()).toContain('تقديم طلب دعم');
    await page.locator('.webchat__suggested-action', { hasText: 'نعم' }).click();
    await bubble(page, 'اسمك الرباعي').waitFor();

    // Up to the question asking for a document: the only place an upload is taken.
    const answers: [string, string][] = [
      ['محمد عبدالله السالم', 'رقم الهوية الوطنية'],
      ['1000000008', 'رقم الجوال'],
      ['0512345678', 'في أي مدينة'],
      ['الرياض', 'كم عدد أفراد'],
      ['5', 'دخل الأسرة'],
      ['3000', 'نوع الدعم'],
      ['مساعدة علاجية', 'صف حاجتك'],
      ['أحتاج مساعدة في تكاليف علاج والدي', 'أرسل صورة أو ملف PDF'],
    ];
    for (const [answer, next] of answers) {
      await say(page, answer);
      await bubble(page, next).waitFor();
    }

    // A photo through Web Chat's own upload button: posted to /upload, shown from our server.
    const uploaded = page.waitForResponse((r) => r.url().includes('/upload?'));
    await page.locator('input[type="file"]').setInputFiles({ name: 'هوية.png', mimeType: 'image/png', buffer: PNG });
    // Web Chat keeps the chosen file in the send box until the visitor presses send; it takes the
    // file in on its next render, so on a busy machine a first press can come too early. Press
    // again (an empty send box sends nothing) until the upload has gone out.
    let upload: Awaited<typeof uploaded> | undefined;
    for (let i = 0; i < 30 && !upload; i++) {
      await page.locator('.webchat__send-button').click();
      upload = await Promise.race([uploaded, new Promise<undefined>((r) => setTimeout(r, 500))]);
    }
    expect(upload?.status()).toBe(200);
    // The photo shows in the visitor's bubble, and the bot goes on to the summary naming it.
    await transcript(page).locator('.webchat__bubble--from-user img').last().waitFor();
    await bubble(page, 'فضلاً راجع بياناتك').waitFor();
    await page.screenshot({ path: 'test-results/webchat-upload.png' });

    // English: the page and the widget switch, and so does the bot.
    await page.click('#lang');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sanad Charity Association');
    await expect.poll(() => sendBox(page).getAttribute('placeholder')).toBe('Type your message');
    await bubble(page, 'Switched to English.').waitFor();
    await page.screenshot({ path: 'test-results/webchat-en.png' });

    expect(await page.getByText(/Send failed|تعذر الإرسال/).count()).toBe(0);
    // Nothing the page loads comes from anywhere but this server.
    const origin = new URL(server.url);
    const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).host !== origin.host);
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.startsWith(`ws://${origin.host}/v3/directline/`))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps the conversation across a reload of the tab', async () => {
    const context = await browser.newContext({ locale: 'ar-SA' });
    const { page } = await watched(context);
    await page.goto(`${server.url}/`);
    await sendBox(page).waitFor({ timeout: 15_000 });
    await say(page, 'السلام عليكم');
    await bubble(page, 'كيف يمكنني خدمتك اليوم').waitFor();
    await page.reload();
    await sendBox(page).waitFor({ timeout: 15_000 });
    await bubble(page, 'كيف يمكنني خدمتك اليوم').waitFor();
    expect(await transcript(page).locator('.webchat__bubble--from-user').count()).toBe(1);
    await context.close();
  }, 60_000);
});

describe('embed.js on an association\'s website', () => {
  let site: Server;
  let siteUrl = '';
  beforeAll(async () => {
    site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>موقع الجمعية</title></head>
<body><h1>موقع الجمعية</h1><script src="${server.url}/embed.js" async></script></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    // Another origin than the chat server: "localhost" against "127.0.0.1".
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
  });
  afterAll(() => site.close());

  it('adds a chat bubble that opens the chat in a panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, locale: 'ar-SA' });
    const { page, requests, errors } = await watched(context);
    await page.goto(siteUrl);
    const open = page.getByRole('button', { name: 'تحدث معنا' });
    await open.waitFor();
    expect(await open.evaluate((el) => getComputedStyle(el).left)).toBe('20px');
    await open.click();
    const frame = page.frameLocator('iframe[title="جمعية سند الخيرية"]');
    await frame.locator('.webchat__send-box-text-box__input').waitFor({ timeout: 15_000 });
    await frame.locator('.webchat__send-box-text-box__input').fill('السلام عليكم');
    await frame.locator('.webchat__send-box-text-box__input').press('Enter');
    await bubble(frame, 'كيف يمكنني خدمتك اليوم').waitFor();
    await page.screenshot({ path: 'test-results/webchat-embed.png' });
    const allowed = new Set([new URL(server.url).host, new URL(siteUrl).host]);
    expect(requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && !allowed.has(new URL(u).host))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
