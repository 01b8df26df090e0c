import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix('webchat-start');
afterAll(async () => {
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

it('`npm start` serves the chat page at the printed URL, with the widget, and answers in Arabic', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sanad.ts'], {
    env: { ...process.env, PORT: '0', LOG_PRETTY: 'false', REDIS_URL, REDIS_PREFIX: prefix },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  try {
    let url = '';
    for (let i = 0; i < 300 && !url; i++) {
      url = /Sanad is running: (http:\/\/[^\s]+)/.exec(out)?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url, out).toMatch(/^http:\/\/localhost:\d+$/);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('dir="rtl"');
    const widget = html.match(/src="(\/vendor\/webchat\.js\?v=[^"]+)"/)?.[1];
    expect(widget).toBeDefined();
    expect((await fetch(`${url}${widget}`)).status).toBe(200);
    const t = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(201);
    const post = await fetch(`${url}/v3/directline/conversations/${t.conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', text: 'السلام عليكم', locale: 'ar-SA' }),
    });
    expect(post.status).toBe(200);
    const set = (await (await fetch(`${url}/v3/directline/conversations/${t.conversationId}/activities`, { headers: auth })).json()) as { activities: { text?: string }[] };
    expect(set.activities.map((a) => a.text ?? '').join('\n')).toContain('كيف يمكنني خدمتك اليوم');
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}, 40_000);
