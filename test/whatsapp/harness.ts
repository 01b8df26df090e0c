import type { FastifyInstance } from 'fastify';
import { whatsappPlugin, type WhatsAppPluginOptions } from '../../adapters/whatsapp/plugin.js';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { fakeClients, type StartBehaviour } from '../support/fake-wwebjs.js';
import { testCore } from '../support/core.js';
import { captureLog } from '../telegram/harness.js';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123';

export interface WhatsAppHarness {
  fakes: ReturnType<typeof fakeClients>;
  app: FastifyInstance;
  core: Core;
  printed: string[];
  lines: () => Record<string, unknown>[];
  health(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Sanad's HTTP app with the WhatsApp channel on fake whatsapp-web.js clients. */
export async function startWhatsApp(
  redis: Redis,
  prefix: string,
  behaviours: StartBehaviour[] | StartBehaviour,
  env: Record<string, string> = {},
  /** Adds more to the app before it is ready (the officers' console). */
  extra?: (app: FastifyInstance, core: Core) => Promise<unknown>,
  plugin: Pick<WhatsAppPluginOptions, 'sendTimeoutMs'> = {},
): Promise<WhatsAppHarness> {
  const core = await testCore(redis, prefix);
  const { log, lines } = captureLog();
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log, health });
  const fakes = fakeClients(behaviours);
  const printed: string[] = [];
  const config = parseConfig({ WHATSAPP_ENABLED: 'true', ADMIN_TOKEN, WHATSAPP_MEDIA_MAX_MB: '1', ...env });
  const channel = await whatsappPlugin({
    createClient: fakes.create,
    print: (t) => void printed.push(t),
    reconnect: { baseMs: 50, maxMs: 200 },
    outbound: { retryBaseMs: 50, retryMaxMs: 200 },
    ...plugin,
  }).setup(channelPorts(core, { http: app, config, log, health }));
  if (!channel) throw new Error('the WhatsApp channel did not start');
  await extra?.(app, core);
  await app.ready();
  return {
    fakes,
    app,
    core,
    printed,
    lines,
    async health() {
      return (await app.inject({ method: 'GET', url: '/healthz' })).json().checks.whatsapp as Record<string, unknown>;
    },
    async stop() {
      await app.close();
      await channel.stop();
    },
  };
}
