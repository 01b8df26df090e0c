import { joinTurn } from '../../adapters/telegram/send.js';
import { FAKE_TOKEN, FakeTelegram, updates } from '../support/fake-telegram.js';
import { SECRET } from '../telegram/harness.js';
import { freePort, ServerProcess, sleep, type Beneficiary, type ChaosChannel } from './harness.js';

/**
 * Telegram under chaos: the fake Bot API outlives the server; each update is POSTed to the
 * webhook and POSTed again, as Telegram does, until it was answered 200, and the call a 200
 * answer carries is made.
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
    // The beneficiaries here type several messages a second each, some hundred a second together,
    // far above the ~30 Telegram takes from a bot, which the fake does not enforce: the answers'
    // budget would leave most turns to the worker.
    TELEGRAM_ANSWERS_PER_SECOND: '10000',
    ...o.env,
  });
  let updateId = 1;
  return {
    name: 'telegram',
    atLeastOnceSends: true,
    server,
    // A turn's texts are joined into one Telegram message, as the adapter sends them.
    messagesOf: (replies) => joinTurn(replies).length,
    async open(n: number): Promise<Beneficiary> {
      const chatId = 700_000 + n;
      return {
        address: String(chatId),
        received: () => fake.ok('sendMessage', chatId).length,
        inAnswers: () => fake.ok('sendMessage', chatId).filter((c) => c.inAnswer).length,
        async send(text: string) {
          const update = JSON.stringify(updates.text(updateId++, chatId, text));
          for (;;) {
            // As Telegram: the call a 200 answer carries is made (the reply, when the webhook sends it so).
            const status = await fake.deliver(`${server.url}/webhooks/telegram`, SECRET, update);
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
