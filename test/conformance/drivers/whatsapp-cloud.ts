import { messages } from '../../support/fake-graph.js';
import type { GraphCall } from '../../support/fake-graph.js';
import { startCloud, type CloudHarness } from '../../whatsapp-cloud/harness.js';
import { TurnWatcher, type ChannelDriver, type Conversation, type Reply } from '../driver.js';

let numbers = 0;

type Interactive = {
  type: 'button' | 'list';
  body: { text: string };
  action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: { id: string; title: string }[] }[] };
};

/** The choices of a sent message as the beneficiary sees them: buttons, list rows, or numbered lines. */
export function options(c: GraphCall): { kind: 'button' | 'list' | 'number'; id: string; title: string }[] {
  if (c.body.type === 'interactive') {
    const i = c.body.interactive as Interactive;
    if (i.type === 'button') return (i.action.buttons ?? []).map((b) => ({ kind: 'button', id: b.reply.id, title: b.reply.title }));
    return (i.action.sections ?? []).flatMap((s) => s.rows).map((r) => ({ kind: 'list', id: r.id, title: r.title }));
  }
  const text = (c.body.text as { body?: string } | undefined)?.body ?? '';
  return [...text.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ kind: 'number', id: m[1]!, title: m[2]! }));
}

function toReply(c: GraphCall): Reply {
  const text = c.body.type === 'interactive' ? (c.body.interactive as Interactive).body.text : ((c.body.text as { body?: string } | undefined)?.body ?? '');
  return { text, choices: options(c).map((o) => o.title) };
}

/** A beneficiary writing from `from` (a wa_id) through signed webhooks; each call resolves once the turn's replies reached the fake Graph API. */
export function openCloudConversation(wa: CloudHarness, turns: TurnWatcher, from: string): Conversation {
  const ref = { channel: 'whatsapp' as const, address: `${from}@c.us` };
  const turn = async (body: Record<string, unknown>) => {
    const before = wa.fake.sent(from).length;
    await turns.after(ref, async () => {
      const res = await wa.post(body);
      if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
    });
    return wa.fake.sent(from).slice(before).map(toReply);
  };
  return {
    ref,
    say: (text) => turn(messages.text(from, text)),
    async choose(label) {
      const last = [...wa.fake.sent(from)].reverse().find((c) => options(c).length);
      const option = last && options(last).find((o) => o.title === label);
      if (!option) throw new Error(`no choice "${label}" in the last message with choices`);
      if (option.kind === 'button') return turn(messages.button(from, option.id, option.title));
      if (option.kind === 'list') return turn(messages.listRow(from, option.id, option.title));
      return turn(messages.text(from, option.id));
    },
    sendFile(file) {
      const mediaId = wa.fake.addMedia(file.mimeType, file.bytes);
      return turn(messages.document(from, mediaId, file.name, file.mimeType));
    },
  };
}

/** WhatsApp on the Cloud API: signed webhooks in, the fake Graph API's calls out; choices tapped as buttons or list rows. */
export const whatsappCloudDriver: ChannelDriver = {
  channel: 'whatsapp',
  name: 'whatsapp-cloud',
  async start(redis, prefix) {
    const wa = await startCloud(redis, prefix);
    const turns = await TurnWatcher.open(wa.core, redis, 'whatsapp');
    return {
      core: wa.core,
      async stop() {
        await turns.close();
        await wa.stop();
      },
      open: async () => openCloudConversation(wa, turns, `9665551${String(++numbers).padStart(5, '0')}`),
    };
  },
};
