import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { whatsappCloudPlugin, type WhatsAppCloudPluginOptions } from '../../adapters/whatsapp-cloud/plugin.js';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { APP_SECRET, FAKE_GRAPH_TOKEN, FakeGraph, PHONE_NUMBER_ID, sign, VERIFY_TOKEN } from '../support/fake-graph.js';
import { testCore } from '../support/core.js';
import { captureLog } from '../telegram/harness.js';

export interface CloudHarness {
  fake: FakeGraph;
  app: FastifyInstance;
  core: Core;
  lines: () => Record<string, unknown>[];
  /** POSTs a notification to the webhook, signed as Meta signs it (or with the given headers). */
  post(body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  health(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The settings of the Cloud provider against the fake Graph API. */
export function cloudEnv(fake: FakeGraph): Record<string, string> {
  return {
    WHATSAPP_ENABLED: 'true',
    WHATSAPP_PROVIDER: 'cloud',
    WHATSAPP_CLOUD_TOKEN: FAKE_GRAPH_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_GRAPH_ROOT: fake.url,
    WHATSAPP_MEDIA_MAX_MB: '1',
  };
}

/** Sanad's HTTP app with WhatsApp on the Cloud API provider, talking to a fake Graph API over HTTP. */
export async function startCloud(
  redis: Redis,
  prefix: string,
  env: Record<string, string> = {},
  opts: WhatsAppCloudPluginOptions = { outbound: { retryBaseMs: 50, retryMaxMs: 200 }, waits: { throttledMs: 300, tokenMs: 300 } },
): Promise<CloudHarness> {
  const fake = await new FakeGraph().start();
  const core = await testCore(redis, prefix);
  const { log, lines } = captureLog();
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log, health });
  const config = parseConfig({ ...cloudEnv(fake), ...env });
  const channel = await whatsappCloudPlugin(opts).setup(channelPorts(core, { http: app, config, log, health }));
  if (!channel) throw new Error('the WhatsApp Cloud channel did not start');
  await app.ready();
  return {
    fake,
    app,
    core,
    lines,
    post(body, headers) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      return app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', ...(headers ?? { 'x-hub-signature-256': sign(raw) }) },
        payload: raw,
      });
    },
    async health() {
      return (await app.inject({ method: 'GET', url: '/healthz' })).json().checks.whatsapp as Record<string, unknown>;
    },
    async stop() {
      await app.close();
      await channel.stop();
      await fake.stop();
    },
  };
}
