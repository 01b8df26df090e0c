import { randomUUID } from 'node:crypto';
import { type Activity, ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import WebSocket from 'ws';
import xhr2 from 'xhr2';
import { freePort, ServerProcess, sleep, type Beneficiary, type ChaosChannel } from './harness.js';

// botframework-directlinejs polls with rxjs' ajax, which needs an XMLHttpRequest (Node has none).
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= xhr2;
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/**
 * Web chat under chaos: visitors on the official botframework-directlinejs client (WebSocket). A
 * POST that failed is posted again with its clientActivityID, as Web Chat's retry does; a
 * client whose connection broke is replaced by one that resumes the conversation.
 */
export async function webchatChaos(o: { redisUrl: string; prefix: string; env?: Record<string, string> }): Promise<ChaosChannel> {
  const port = await freePort();
  const server = new ServerProcess('bin/sanad.ts', port, {
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    CONVERSATION_LOCK_SECONDS: '2',
    ...o.env,
  });
  const clients: DirectLine[] = [];
  const watchdogs: NodeJS.Timeout[] = [];
  let closed = false;
  return {
    name: 'webchat',
    atLeastOnceSends: false,
    server,
    async open(): Promise<Beneficiary> {
      const res = await fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"ar-SA"}' });
      const t = (await res.json()) as { token: string; conversationId: string; userId: string };
      const bot = new Set<string>();
      let dl: DirectLine;
      const connect = (resume: boolean) => {
        dl = new DirectLine({
          domain: `${server.url}/v3/directline`,
          token: t.token,
          // The WebSocket stream, as the page uses: the client reconnects by itself after a restart
          // (in 3 s, the shortest of its 3-15 s).
          webSocket: true,
          WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
          random: () => 0,
          timeout: 5_000,
          ...(resume ? { conversationId: t.conversationId } : {}),
          conversationStartProperties: { locale: 'ar-SA' },
        } as ConstructorParameters<typeof DirectLine>[0]);
        clients.push(dl);
        const mine = dl;
        // The client's polling ends (completes) on a server error: then it resumes with a new client.
        const ended = () => void (mine === dl && !closed && setTimeout(() => mine === dl && reconnect(), 300));
        dl.activity$.subscribe({
          next: (a: Activity) => {
            if (a.type === 'message' && a.from.role === 'bot' && a.id) bot.add(a.id);
          },
          error: ended,
          complete: ended,
        });
      };
      connect(false);
      while (bot.size < 1) await sleep(20); // the welcome
      function reconnect() {
        dl.end();
        connect(true);
      }
      // A client whose polling gave up (the server was gone) resumes the conversation, as the page does.
      const watchdog = setInterval(() => {
        const status = dl.connectionStatus$.getValue();
        if (status !== ConnectionStatus.Online && status !== ConnectionStatus.Connecting) reconnect();
      }, 1_000);
      watchdogs.push(watchdog);
      return {
        address: t.conversationId,
        // The welcome is the web chat's own, not the engine's answer to a message.
        received: () => bot.size - 1,
        async send(text: string) {
          const activity = { type: 'message', text, locale: 'ar-SA', from: { id: t.userId, role: 'user' }, channelData: { clientActivityID: randomUUID() } } as Activity;
          for (;;) {
            const ok = await new Promise<boolean>((r) => dl.postActivity(activity).subscribe({ next: (id) => r(id !== 'retry'), error: () => r(false) }));
            if (ok) return;
            await sleep(200);
            const status = dl.connectionStatus$.getValue();
            if (status !== ConnectionStatus.Online && status !== ConnectionStatus.Connecting) reconnect();
          }
        },
      };
    },
    async close() {
      closed = true;
      for (const w of watchdogs) clearInterval(w);
      for (const c of clients) c.end();
      await server.stop();
    },
  };
}
