import { ContactProofs } from '../../src/domain/contact-proofs.js';
import { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelPlugin } from '../../src/channels/ports.js';
import { startOutbound, type OutboundOptions } from '../../src/jobs/outbound.js';
import { AttachmentStore } from '../../src/store/attachments.js';
import { isTemplateProblem, WINDOW_CLOSED, type Waits } from './classify.js';
import { cloudDeliver } from './deliver.js';
import { GraphApi, GraphError } from './graph.js';
import { addressOf, toInbound } from './inbound.js';
import type { CloudMessage, CloudStatus, CloudWebhook } from './payload.js';
import { SentRecords } from './records.js';
import { Templates } from './templates.js';
import { tooLargeNotice, UNSUPPORTED } from './texts.js';
import { registerCloudWebhook } from './webhook.js';

export interface WhatsAppCloudPluginOptions {
  outbound?: OutboundOptions['worker'];
  /** How long a throttled (130429) reply waits, and one waiting for a new token (tests shorten them). */
  waits?: Partial<Waits>;
  /** Timeout of one Graph API call. */
  callTimeoutMs?: number;
}

type TokenState = { state: 'starting' | 'ready' | 'token-rejected' | 'unreachable'; detail?: string; number?: string };

/**
 * WhatsApp through Meta's official Cloud API (`WHATSAPP_PROVIDER=cloud`). Meta POSTs signed
 * webhooks to `/webhooks/whatsapp`; replies go out through the same `outbound-whatsapp` BullMQ
 * queue as the whatsapp-web.js provider, paced by the worker's rate limiter.
 */
export function whatsappCloudPlugin(opts: WhatsAppCloudPluginOptions = {}): ChannelPlugin {
  return {
    name: 'whatsapp',
    async setup(ports) {
      const { http: app, config, log: parent, health } = ports;
      const { redis, keys } = ports.store;
      if (!config.WHATSAPP_ENABLED || config.WHATSAPP_PROVIDER !== 'cloud') return undefined;
      const log = parent.child({ channel: 'whatsapp', provider: 'cloud' });
      // The config schema requires these with the cloud provider; read once here.
      const token = config.WHATSAPP_CLOUD_TOKEN!;
      const phoneNumberId = config.WHATSAPP_PHONE_NUMBER_ID!;
      const templates = Templates.load(config.FLOWS_DIR);
      const graph = new GraphApi({
        root: config.WHATSAPP_GRAPH_ROOT,
        version: config.WHATSAPP_GRAPH_VERSION,
        token,
        phoneNumberId,
        ...(opts.callTimeoutMs ? { timeoutMs: opts.callTimeoutMs } : {}),
      });
      const media = new AttachmentStore(redis, keys, config.CONVERSATION_TTL_HOURS * 3600);
      const proofs = new ContactProofs(redis, keys, config.CONVERSATION_TTL_HOURS * 3600);
      const records = new SentRecords(redis, keys);
      const maxBytes = Math.round(config.WHATSAPP_MEDIA_MAX_MB * 1024 * 1024);
      const waits: Waits = { throttledMs: 2_000, tokenMs: 60_000, ...opts.waits };
      let tokenState: TokenState = { state: 'starting' };
      const onToken = (ok: boolean, reason?: string) => {
        if (ok && tokenState.state !== 'ready') tokenState = { state: 'ready', ...(tokenState.number ? { number: tokenState.number } : {}) };
        if (!ok) tokenState = { ...tokenState, state: 'token-rejected', detail: `${reason ?? ''}: set a new WHATSAPP_CLOUD_TOKEN and restart` };
      };

      const out = await startOutbound({
        channel: 'whatsapp',
        ports,
        log,
        conversationTtlHours: config.CONVERSATION_TTL_HOURS,
        worker: {
          // Meta's throughput is per phone number; the limiter counts turns, each one or a few messages.
          limiter: { max: config.WHATSAPP_SEND_RATE_PER_SECOND, duration: 1000 },
          concurrency: 8,
          ...opts.outbound,
        },
        deliver: cloudDeliver({ graph, templates, records, log, waits, onToken }),
      });

      const inFlight = new Set<Promise<unknown>>();
      const later = (work: Promise<unknown>) => {
        const run = work.catch(() => {}).finally(() => inFlight.delete(run));
        inFlight.add(run);
      };

      async function onMessage(msg: CloudMessage): Promise<void> {
        // A webhook Meta delivers twice: no second download of a message already handled (one
        // only queued, its process gone, is queued again so its inbox is drained).
        if ((await redis.get(keys.seen('whatsapp', msg.id))) === 'd') return;
        const ref = { channel: 'whatsapp' as const, address: addressOf(msg.from) };
        const got = await toInbound(msg, { graph, media, maxBytes, log });
        if (got.kind === 'ignored') {
          log.debug({ type: msg.type }, 'whatsapp cloud: message ignored');
          return;
        }
        if (got.kind === 'message') {
          // The sender's wa_id is his number, vouched for by Meta's signed webhook: verification uses it.
          if (/^\d{8,15}$/.test(msg.from)) await proofs.record(ref, `+${msg.from}`);
          // Meta gets its 200 once the message is queued (the webhook awaits this), never before.
          await ports.inbound.accept(got.message);
        }
        else {
          log.info({ type: msg.type, kind: got.kind }, 'whatsapp cloud: answered without the engine');
          const notice = got.kind === 'unsupported' ? UNSUPPORTED : tooLargeNotice(config.WHATSAPP_MEDIA_MAX_MB);
          await out.queue.enqueue(ref, [notice], `whatsapp:${got.kind}:${msg.id}`);
        }
        later(graph.markRead(msg.id).catch((err: Error) => log.warn({ err: err.message }, 'whatsapp cloud: could not mark a message read')));
      }

      async function onStatus(s: CloudStatus): Promise<void> {
        const error = s.errors?.[0];
        const at = s.timestamp ? Number(s.timestamp) * 1000 : Date.now();
        const before = await records.recordStatus(s.id, {
          status: s.status,
          at,
          ...(error ? { errorCode: error.code, errorTitle: error.title ?? error.message ?? '' } : {}),
        });
        if (!before) {
          log.debug({ status: s.status }, 'whatsapp cloud: a status for a message Sanad does not know');
          return;
        }
        const row = `${s.id} ${s.status}${error ? ` ${error.code} ${error.title ?? ''}` : ''}`;
        later(Job.fromId(out.queue.queue, before.job).then((job) => job?.log(row)));
        if (s.status !== 'failed') return;
        log.warn({ jobId: before.job, errorCode: error?.code, title: error?.title }, 'whatsapp cloud: a reply failed after it was accepted');
        const ref = { channel: 'whatsapp' as const, address: before.address };
        const message = before.message;
        if (!message) return;
        const outsideWindow = error?.code === WINDOW_CLOSED;
        if (outsideWindow && !before.template && message.notice) {
          // The free text came too late: the same notice again, as its template only.
          await out.queue.enqueue(ref, [{ ...message, text: '', choices: [] }], `whatsapp:template:${s.id}`);
          return;
        }
        if (outsideWindow || (before.template && error && isTemplateProblem(error.code))) {
          const reason = before.template ? `template refused: ${error?.code} ${error?.title ?? ''}` : `outside the 24-hour window (${WINDOW_CLOSED}); the reply has no notice to send as a template`;
          if (await records.holdLate(s.id, { ref, message, reason, ...(error ? { code: error.code } : {}), job: before.job, at: Date.now() })) {
            log.warn({ code: 'SANAD_ERR_WHATSAPP_HELD', jobId: before.job, notice: message.notice?.name, reason }, 'whatsapp cloud: a message held for the officers (WhatsApp would not take it)');
          }
        }
      }

      async function receive(body: CloudWebhook): Promise<void> {
        for (const entry of body.entry) {
          for (const change of entry.changes) {
            if (change.field !== 'messages') continue;
            const v = change.value;
            if (v.metadata && v.metadata.phone_number_id !== phoneNumberId) {
              log.warn({ phoneNumberId: v.metadata.phone_number_id }, 'whatsapp cloud: a notification for another number of the app, skipped');
              continue;
            }
            for (const s of v.statuses ?? []) await onStatus(s);
            // In order: one sender's messages in one notification are his messages in order.
            for (const m of v.messages ?? []) await onMessage(m);
          }
        }
      }

      await registerCloudWebhook(app, { appSecret: config.WHATSAPP_APP_SECRET!, verifyToken: config.WHATSAPP_VERIFY_TOKEN!, receive });
      later(checkNumber(graph, log).then((s) => (tokenState = s)));

      health.set('whatsapp', async () => ({
        provider: 'cloud',
        ...tokenState,
        templates: templates.size,
        held: await records.heldCount(),
        outbound: await out.counts(),
      }));

      return {
        async stop() {
          await Promise.allSettled([...inFlight]);
          await out.stop();
        },
      };
    },
  };
}

/** Asks Meta for the business number once at start-up: says at once whether the token and the number id work. */
async function checkNumber(graph: GraphApi, log: Logger): Promise<TokenState> {
  try {
    const n = await graph.phoneNumber();
    log.info({ number: n.display_phone_number, name: n.verified_name }, 'whatsapp cloud: connected to the business number');
    return { state: 'ready', ...(n.display_phone_number ? { number: n.display_phone_number } : {}) };
  } catch (err) {
    if (err instanceof GraphError && err.graphCode === 190) {
      log.error({ code: 'SANAD_ERR_WHATSAPP_TOKEN', reason: err.message }, 'whatsapp cloud: Meta refused the access token (expired or revoked). Set a new WHATSAPP_CLOUD_TOKEN (a permanent system-user token) and restart');
      return { state: 'token-rejected', detail: `${err.message}: set a new WHATSAPP_CLOUD_TOKEN and restart` };
    }
    log.warn({ err: (err as Error).message }, 'whatsapp cloud: could not reach the Graph API to check the number; replies are retried');
    return { state: 'unreachable', detail: (err as Error).message };
  }
}
