import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';
import { telegramPlugin, type TelegramPluginOptions } from '../../adapters/telegram/plugin.js';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { FAKE_TOKEN, FakeTelegram } from '../support/fake-telegram.js';
import { testCore } from '../support/core.js';

export const SECRET = 'test-secret-0123456789abcdef';

/** A logger whose lines a test can read. */
export function captureLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines: () => lines };
}

export interface TelegramHarness {
  fake: FakeTelegram;
  app: FastifyInstance;
  core: Core;
  health: Map<string, () => unknown>;
  lines: () => Record<string, unknown>[];
  /** POSTs an update to the webhook with the right secret (or the given headers), as Telegram: the call its answer carries is made. */
  post(update: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** POSTs an update whose answer never reaches Telegram (a connection cut): its call is not made. */
  postLost(update: unknown): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

/** One POST to the webhook; with `telegram`, the call the answer carries is made there, as Telegram does. */
async function post(app: FastifyInstance, update: unknown, headers: Record<string, string>, telegram?: FakeTelegram): Promise<LightMyRequestResponse> {
  const payload = typeof update === 'string' ? update : JSON.stringify(update);
  const res = await app.inject({ method: 'POST', url: '/webhooks/telegram', headers: { 'content-type': 'application/json', ...headers }, payload });
  telegram?.takeAnswer(res.statusCode, res.headers['content-type'] as string | undefined, res.body);
  return res;
}

/** Sanad's HTTP app with the Telegram channel in webhook mode, talking to a fake Bot API. */
export async function startTelegram(
  redis: Redis,
  prefix: string,
  env: Record<string, string> = {},
  opts: TelegramPluginOptions = { outbound: { retryBaseMs: 50, retryMaxMs: 200 } },
  /** Adds more to the app before it is ready (the officers' console). */
  extra?: (app: FastifyInstance, core: Core) => Promise<unknown>,
): Promise<TelegramHarness> {
  const fake = await new FakeTelegram().start();
  const core = await testCore(redis, prefix);
  const { log, lines } = captureLog();
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log, health });
  const config = parseConfig({
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.url,
    ...env,
  });
  const channel = await telegramPlugin(opts).setup(channelPorts(core, { http: app, config, log, health }));
  if (!channel) throw new Error('the Telegram channel did not start');
  await extra?.(app, core);
  await app.ready();
  return {
    fake,
    app,
    core,
    health,
    lines,
    post: (update, headers = { 'x-telegram-bot-api-secret-token': SECRET }) => post(app, update, headers, fake),
    postLost: (update) => post(app, update, { 'x-telegram-bot-api-secret-token': SECRET }),
    async stop() {
      await app.close();
      await channel.stop();
      await fake.stop();
    },
  };
}
