import type { ToServer, ToWhatsApp } from './remote-wwebjs.js';
import { freePort, ServerProcess, sleep, type Beneficiary, type ChaosChannel } from './harness.js';

/**
 * WhatsApp under chaos: the account (chats, unread messages) lives here and outlives the server.
 * A message arrives live when the server is up, and stays unread until the server, catching up
 * after a (re)start, has queued it and marks the chat read.
 */
export async function whatsappChaos(o: { redisUrl: string; prefix: string; env?: Record<string, string> }): Promise<ChaosChannel> {
  const port = await freePort();
  const server = new ServerProcess('test/chaos/whatsapp-server.ts', port, {
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    WHATSAPP_ENABLED: 'true',
    WEBCHAT_ENABLED: 'false',
    CONVERSATION_LOCK_SECONDS: '2',
    ...o.env,
  }, true);
  const chats = new Map<string, { id: string; from: string; body: string; read: boolean }[]>();
  const sent = new Map<string, number>();
  /** The bot's messages per chat, as WhatsApp keeps them (the send check reads the last ones). */
  const sentLog = new Map<string, { body: string; timestamp: number }[]>();
  let serial = 0;
  const toServer = (m: ToServer) => {
    const child = server.child;
    if (child?.connected) child.send(m, () => {});
  };
  return {
    name: 'whatsapp',
    atLeastOnceSends: true,
    server,
    async started() {
      server.child!.on('message', (m: ToWhatsApp) => {
        if (m.t === 'sent') {
          sent.set(m.chatId, (sent.get(m.chatId) ?? 0) + 1);
          sentLog.set(m.chatId, [...(sentLog.get(m.chatId) ?? []), { body: m.content, timestamp: Math.floor(Date.now() / 1000) }]);
        }
        if (m.t === 'last-sent') toServer({ t: 'last-sent', rid: m.rid, messages: (sentLog.get(m.chatId) ?? []).slice(-m.limit) });
        if (m.t === 'chats') {
          const list = [...chats.entries()]
            .map(([id, msgs]) => ({ id, unread: msgs.filter((x) => !x.read).length, messages: msgs.filter((x) => !x.read).map(({ read: _r, ...rest }) => rest) }))
            .filter((c) => c.unread > 0);
          toServer({ t: 'chats', rid: m.rid, chats: list });
        }
        if (m.t === 'seen') {
          const msgs = chats.get(m.chatId) ?? [];
          const upTo = msgs.findIndex((x) => x.id === m.upTo);
          for (let i = 0; i <= upTo; i++) msgs[i]!.read = true;
        }
      });
    },
    async open(n: number): Promise<Beneficiary> {
      const from = `9665551${String(n).padStart(5, '0')}@c.us`;
      chats.set(from, []);
      return {
        address: from,
        received: () => sent.get(from) ?? 0,
        async send(body: string) {
          const msg = { id: `false_${from}_CHAOS${String(++serial).padStart(8, '0')}`, from, body };
          chats.get(from)!.push({ ...msg, read: false });
          // Live if the server is up; else it waits unread for the catch-up.
          toServer({ t: 'message', ...msg });
          await sleep(0);
        },
      };
    },
    async close() {
      await server.stop();
    },
  };
}
