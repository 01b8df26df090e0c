import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, FakeTelegram, updates } from '../support/fake-telegram.js';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { SECRET } from './harness.js';

/** `npm start` with a Telegram token: the channel is listed in bin/channels.ts and runs in the process. */
const prefix = uniquePrefix('tgproc');
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await new FakeTelegram().start();
});
afterAll(async () => {
  await fake.stop();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('the process with TELEGRAM_BOT_TOKEN', () => {
  it('registers its webhook, answers a POSTed update through the real port, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sanad.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        LOG_PRETTY: 'false',
        REDIS_URL,
        REDIS_PREFIX: prefix,
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/webhooks/telegram',
        TELEGRAM_API_ROOT: fake.url,
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    try {
      const url = await waitFor(() => /Sanad is running: (http:\/\/[^\s]+)/.exec(out)?.[1], 'the server to listen', 20_000);
      await fake.waitFor('setWebhook', 1);
      // As Telegram does: the POST, and the call its answer carries.
      expect(await fake.deliver(`${url}/webhooks/telegram`, SECRET, updates.text(1, 4242, 'السلام عليكم'))).toBe(200);
      const [greeting] = await fake.waitFor('sendMessage', 1, 4242);
      expect(greeting!.body.text).toContain('أهلاً وسهلاً');
      expect(greeting!.inAnswer).toBe(true);
      const health = (await (await fetch(`${url}/healthz`)).json()) as { checks: Record<string, unknown> };
      expect(health.checks.telegram).toMatchObject({ mode: 'webhook', state: 'webhook registered' });
      expect(out).not.toContain(FAKE_TOKEN.split(':')[1]!);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 40_000);
});
