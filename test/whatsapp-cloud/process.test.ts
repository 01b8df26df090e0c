import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_GRAPH_TOKEN, FakeGraph, messages, sign } from '../support/fake-graph.js';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { cloudEnv } from './harness.js';

/** `npm start` with WHATSAPP_PROVIDER=cloud: bin/channels.ts starts the Cloud provider, not whatsapp-web.js. */
const prefix = uniquePrefix('wacloud-proc');
let fake: FakeGraph;

beforeAll(async () => {
  fake = await new FakeGraph().start();
});
afterAll(async () => {
  await fake.stop();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sanad.ts'], {
    env: { ...process.env, PORT: '0', LOG_PRETTY: 'false', REDIS_URL, REDIS_PREFIX: prefix, WEBCHAT_ENABLED: 'false', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { child, exited, out: () => out };
}

describe('the process with WHATSAPP_PROVIDER=cloud', () => {
  it('verifies the webhook, answers a signed message through the real port, and stops cleanly', async () => {
    const p = start(cloudEnv(fake));
    try {
      const url = await waitFor(() => /Sanad is running: (http:\/\/[^\s]+)/.exec(p.out())?.[1], 'the server to listen', 20_000);
      const challenge = await fetch(`${url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${cloudEnv(fake).WHATSAPP_VERIFY_TOKEN}&hub.challenge=4711`);
      expect(await challenge.text()).toBe('4711');
      const raw = JSON.stringify(messages.text('966555600001', 'السلام عليكم'));
      const res = await fetch(`${url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) }, body: raw });
      expect(res.status).toBe(200);
      const [greeting] = await fake.waitForSent(2, '966555600001');
      expect(JSON.stringify(greeting!.body)).toContain('أهلاً وسهلاً');
      const health = (await (await fetch(`${url}/healthz`)).json()) as { checks: Record<string, unknown> };
      await waitFor(async () => ((await (await fetch(`${url}/healthz`)).json()) as { checks: { whatsapp: { state: string } } }).checks.whatsapp.state === 'ready', 'ready');
      expect(health.checks.whatsapp).toMatchObject({ provider: 'cloud', templates: 4 });
      expect(p.out()).toContain('"channels":["whatsapp"]');
      expect(p.out()).not.toContain(FAKE_GRAPH_TOKEN);
      expect(p.out()).not.toContain('966555600001');
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  }, 40_000);

  it('refuses to start without the Cloud settings, naming each of them at once', async () => {
    const p = start({ WHATSAPP_ENABLED: 'true', WHATSAPP_PROVIDER: 'cloud' });
    expect(await p.exited).toBe(1);
    for (const name of ['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN']) expect(p.out()).toContain(name);
    expect(p.out()).toContain('Invalid configuration');
  }, 30_000);
});
