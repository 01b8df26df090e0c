import { startTelegram } from '../../telegram/harness.js';
import { updates, type ApiCall } from '../../support/fake-telegram.js';
import { TurnWatcher, type ChannelDriver, type Conversation, type Reply } from '../driver.js';

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] } | undefined;
let chats = 880_000;
let updateIds = 1;

/** Telegram: updates POSTed to the webhook; replies read from the fake Bot API; choices tapped. */
export const telegramDriver: ChannelDriver = {
  channel: 'telegram',
  async start(redis, prefix) {
    const tg = await startTelegram(redis, prefix);
    const turns = await TurnWatcher.open(tg.core, redis, 'telegram');
    return {
      core: tg.core,
      async stop() {
        await turns.close();
        await tg.stop();
      },
      async open(): Promise<Conversation> {
        const chatId = ++chats;
        const ref = { channel: 'telegram' as const, address: String(chatId) };
        const toReply = (c: ApiCall): Reply => ({
          text: String(c.body.text ?? c.body.caption ?? ''),
          choices: ((c.body.reply_markup as Keyboard)?.inline_keyboard ?? []).flat().map((b) => b.text),
        });
        const turn = async (update: Record<string, unknown> & { update_id: number }) => {
          const before = tg.fake.ok('sendMessage', chatId).length;
          await turns.after(ref, async () => {
            const res = await tg.post(update);
            if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
          });
          return tg.fake.ok('sendMessage', chatId).slice(before).map(toReply);
        };
        return {
          ref,
          say: (text) => turn(updates.text(++updateIds, chatId, text)),
          async choose(label) {
            const withKeyboard = [...tg.fake.ok('sendMessage', chatId)].reverse().find((c) => (c.body.reply_markup as Keyboard)?.inline_keyboard);
            const button = (withKeyboard?.body.reply_markup as Keyboard)?.inline_keyboard.flat().find((b) => b.text === label);
            if (!button) throw new Error(`no button "${label}" on the last keyboard`);
            return turn(updates.tap(++updateIds, chatId, button.callback_data));
          },
          sendFile(file) {
            const u = updates.document(++updateIds, chatId, file.name, file.mimeType);
            (u.message as { document: { file_size: number } }).document.file_size = file.bytes.length;
            return turn(u);
          },
        };
      },
    };
  },
};
