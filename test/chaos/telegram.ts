import { FAKE_TOKEN, FakeTelegram, updates } from '../support/fake-telegram.js';
import { SECRET } from '../telegram/harness.js';
import { freePort, ServerProcess, sleep, type Beneficiary, type ChaosChannel } from './harness.js';

/**
 * Telegram under chaos: the fake Bot API outlives the server; each update is POSTed to the
 * webhook and POSTed again, as Telegram does, until it was answered 200.
 */
export async function telegramChaos(o: { redisUrl: string; prefix: string; env?: Record<string, string> }): Promise<ChaosChannel> {
  const fake = await new FakeTelegram().start();
  const port = await freePort();
  const server = new ServerProcess('bin/sanad.ts', port, {
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.url,
    WEBCHAT_ENABLED: 'false',
    CONVERSATION_LOCK_SECONDS: '2',
    ...o.env,
  });
  let updateId = 1;
  return {
    name: 'telegram',
    atLeastOnceSends: true,
    server,
    async open(n: number): Promise<Beneficiary> {
      const chatId = 700_000 + n;
      return {
        address: String(chatId),
        received: () => fake.ok('sendMessage', chatId).length,
        async send(text: string) {
          const update = JSON.stringify(updates.text(updateId++, chatId, text));
          for (;;) {
            const status = await fetch(`${server.url}/webhooks/telegram`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
              body: update,
              signal: AbortSignal.timeout(5_000),
            }).then((r) => r.status, () => 0);
            if (status === 200) return;
            // Not acknowledged (refused, 503, no answer): Telegram sends it again.
            await sleep(100);
          }
        },
      };
    },
    async close() {
      await server.stop();
      await fake.stop();
    },
  };
}
