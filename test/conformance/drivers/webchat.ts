import { newToken, seqOf, startServer, Visitor } from '../../webchat/support.js';
import { waitFor } from '../../support/wait-for.js';
import type { ChannelDriver, Conversation, Reply, TestFile } from '../driver.js';

type BotActivity = { type: string; from: { role?: string }; text?: string; suggestedActions?: { actions: { title: string }[] } };

/** Web chat: the official botframework-directlinejs client against our Direct Line; choices tapped (messageBack). */
export const webchatDriver: ChannelDriver = {
  channel: 'webchat',
  async start(_redis, prefix) {
    const server = await startServer({ prefix });
    const visitors: Visitor[] = [];
    return {
      core: server.core,
      async stop() {
        for (const v of visitors) v.end();
        await server.close();
      },
      async open(): Promise<Conversation> {
        const t = await newToken(server.url);
        const v = new Visitor(server.url, t.token, t.userId, t.conversationId, { webSocket: false });
        visitors.push(v);
        await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
        const ref = { channel: 'webchat' as const, address: t.conversationId };
        const turnOf = async () => (await server.core.runner.state(ref))?.seq ?? 0;
        /**
         * The bot's messages after the activity with this sequence id, once the last one arrived. The
         * POST answers once the message is queued: its turn is over when the conversation's turn
         * counter has moved (the replies are stored before the turn commits).
         */
        const repliesAfter = async (id: string, before: number): Promise<Reply[]> => {
          await waitFor(async () => (await turnOf()) > before, `the turn of ${id}`);
          const seq = Number(id.split('|')[1]);
          const res = await fetch(`${server.url}/v3/directline/conversations/${t.conversationId}/activities?watermark=${seq + 1}`, {
            headers: { authorization: `Bearer ${t.token}` },
          });
          const { activities } = (await res.json()) as { activities: Parameters<typeof seqOf>[0][] };
          const last = Math.max(seq, ...activities.map(seqOf));
          await v.waitFor((a) => seqOf(a) === last, { what: `the replies to ${id}` });
          return (v.received as unknown as BotActivity[])
            .filter((a, i) => seqOf(v.received[i]!) > seq && a.type === 'message' && a.from.role === 'bot')
            .map((a) => ({ text: a.text ?? '', choices: (a.suggestedActions?.actions ?? []).map((c) => c.title) }));
        };
        const upload = async (file: TestFile): Promise<string> => {
          const form = new FormData();
          const activity = { type: 'message', from: { id: t.userId }, locale: 'ar-SA', channelData: { clientActivityID: `up-${Date.now()}` }, attachments: [{ contentType: file.mimeType, name: file.name }] };
          form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
          form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.name);
          const res = await fetch(`${server.url}/v3/directline/conversations/${t.conversationId}/upload?userId=${t.userId}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${t.token}` },
            body: form,
          });
          if (!res.ok) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
          return ((await res.json()) as { id: string }).id;
        };
        return {
          ref,
          say: async (text) => {
            const before = await turnOf();
            return repliesAfter(await v.say(text), before);
          },
          choose: async (label) => {
            const before = await turnOf();
            return repliesAfter(await v.tap(label), before);
          },
          sendFile: async (file) => {
            const before = await turnOf();
            return repliesAfter(await upload(file), before);
          },
        };
      },
    };
  },
};
