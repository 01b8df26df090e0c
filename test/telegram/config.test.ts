import { describe, expect, it } from 'vitest';
import { telegramPlugin } from '../../adapters/telegram/plugin.js';
import { channelPorts, type Core } from '../../src/core.js';
import { parseConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { silentLog, useCore } from '../support/core.js';

let redis: Redis;
let core: Core;
useCore('tgconfig', (fixture) => ({ redis, core } = fixture));

async function setup(env: Record<string, string>) {
  const health = new Map<string, () => unknown>();
  const app = await buildServer({ redis, log: silentLog, health });
  return telegramPlugin().setup(channelPorts(core, { http: app, config: parseConfig(env), log: silentLog, health }));
}

describe('Telegram settings', () => {
  it('is off without a token', async () => {
    expect(await setup({})).toBeUndefined();
  });

  it('refuses webhook mode without a secret, saying how to make one', async () => {
    const err = await setup({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('TELEGRAM_WEBHOOK_SECRET');
    expect((err as Error).message).toContain('openssl rand -hex 32');
  });

  it('checks the token, the secret and the URLs when the settings are read', () => {
    const problems = (() => {
      try {
        parseConfig({ TELEGRAM_BOT_TOKEN: 'not a token', TELEGRAM_WEBHOOK_SECRET: 'short', TELEGRAM_WEBHOOK_URL: 'http://insecure.example.org/x', TELEGRAM_MODE: 'push' });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const name of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_WEBHOOK_URL', 'TELEGRAM_MODE']) expect(problems).toContain(name);
  });
});
