import { startWhatsApp } from '../../whatsapp/harness.js';
import { waitFor } from '../../support/wait-for.js';
import { TurnWatcher, type ChannelDriver, type Conversation, type Reply } from '../driver.js';

let numbers = 0;

/** A reply as WhatsApp shows it: plain text, choices as a numbered list at its end. */
function toReply(content: string): Reply {
  const choices = [...content.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => m[2]!);
  return { text: content, choices };
}

/** WhatsApp: messages emitted by a fake whatsapp-web.js client; choices picked by typing their number. */
export const whatsappDriver: ChannelDriver = {
  channel: 'whatsapp',
  async start(redis, prefix) {
    const wa = await startWhatsApp(redis, prefix, 'session');
    await waitFor(async () => (await wa.health()).state === 'ready', 'WhatsApp ready');
    const turns = await TurnWatcher.open(wa.core, redis, 'whatsapp');
    return {
      core: wa.core,
      async stop() {
        await turns.close();
        await wa.stop();
      },
      async open(): Promise<Conversation> {
        const from = `9665550${String(++numbers).padStart(5, '0')}@c.us`;
        const ref = { channel: 'whatsapp' as const, address: from };
        const client = () => wa.fakes.current;
        const turn = async (send: () => void) => {
          const before = client().sentTo(from).length;
          await turns.after(ref, async () => send());
          return client().sentTo(from).slice(before).map(toReply);
        };
        return {
          ref,
          say: (text) => turn(() => void client().receive({ from, body: text })),
          async choose(label) {
            const last = [...client().sentTo(from)].reverse().map(toReply).find((r) => r.choices.length);
            const n = last?.choices.indexOf(label) ?? -1;
            if (n < 0) throw new Error(`no numbered choice "${label}" in the last list`);
            return turn(() => void client().receive({ from, body: String(n + 1) }));
          },
          sendFile(file) {
            return turn(
              () =>
                void client().receive({
                  from,
                  type: file.mimeType.startsWith('image/') ? 'image' : 'document',
                  media: { mimetype: file.mimeType, data: file.bytes.toString('base64'), filename: file.name, filesize: file.bytes.length },
                }),
            );
          },
        };
      },
    };
  },
};
