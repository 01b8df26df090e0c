import type { Logger } from 'pino';
import { RefusedError, RetryLaterError } from '../../src/jobs/delivery-errors.js';
import type { Deliver, DeliveryContext } from '../../src/jobs/delivery-worker.js';
import type { ConversationRef, OutboundMessage } from '../../src/messages/model.js';
import { classify, WINDOW_CLOSED, type Waits } from './classify.js';
import type { GraphApi } from './graph.js';
import { waIdOf } from './inbound.js';
import type { SentRecords } from './records.js';
import { toBodies } from './render.js';
import type { Templates } from './templates.js';

export interface CloudDeliverOptions {
  graph: GraphApi;
  templates: Templates;
  records: SentRecords;
  log: Logger;
  waits: Waits;
  /** Told whether the token works (a send accepted) or was refused (190), for /healthz. */
  onToken: (ok: boolean, reason?: string) => void;
}

/**
 * Delivers one reply through the Cloud API. Each part (a long text is several) is recorded
 * under its wamid once accepted, so a retry sends only what is left. Outside the 24-hour window
 * (131047) a reply with a notice goes as the notice's approved template; without one it is held.
 * A reply whose only content is a notice (`text` empty) goes straight as the template.
 */
export function cloudDeliver(o: CloudDeliverOptions): Deliver {
  const send = async (ref: ConversationRef, at: DeliveryContext, part: string, body: Parameters<GraphApi['send']>[1], message: OutboundMessage, template: boolean) => {
    try {
      const wamid = await o.graph.send(waIdOf(ref.address), body);
      o.onToken(true);
      await o.records.recordSent(wamid, part, { job: at.jobId, address: ref.address, message, ...(template ? { template } : {}) });
      return { ok: true as const };
    } catch (err) {
      const verdict = classify(err, o.waits);
      if (verdict.kind === 'token') {
        o.onToken(false, verdict.reason);
        o.log.error(
          { code: 'SANAD_ERR_WHATSAPP_TOKEN', reason: verdict.reason },
          'whatsapp cloud: Meta refused the access token (expired or revoked); replies wait. Set a new WHATSAPP_CLOUD_TOKEN (a permanent system-user token) and restart',
        );
        throw new RetryLaterError(o.waits.tokenMs, verdict.reason);
      }
      if (verdict.kind === 'throw') throw verdict.error;
      return { ok: false as const, verdict };
    }
  };

  const hold = async (ref: ConversationRef, at: DeliveryContext, message: OutboundMessage, reason: string, code?: number) => {
    const held = await o.records.holdOnce(at.jobId, `${at.index}.h`, { ref, message, reason, ...(code ? { code } : {}), job: at.jobId, at: Date.now() });
    if (held) o.log.warn({ code: 'SANAD_ERR_WHATSAPP_HELD', jobId: at.jobId, notice: message.notice?.name, reason }, 'whatsapp cloud: a message held for the officers (WhatsApp would not take it)');
  };

  const asTemplate = async (ref: ConversationRef, message: OutboundMessage, at: DeliveryContext, why: string) => {
    if (!message.notice) return hold(ref, at, message, `${why}; the reply has no notice to send as a template`, WINDOW_CLOSED);
    const part = `${at.index}.t`;
    if (await o.records.sentPart(at.jobId, part)) return;
    const t = o.templates.render(message.notice, message.locale);
    if ('missing' in t) return hold(ref, at, message, `${why}; ${t.missing}`, WINDOW_CLOSED);
    const r = await send(ref, at, part, t.body, message, true);
    if (!r.ok) {
      // The template itself was refused (not approved, parameters wrong): only an officer can help.
      if (r.verdict.kind === 'template') return hold(ref, at, message, `template refused: ${r.verdict.reason}`);
      return hold(ref, at, message, `template refused: outside the window (${WINDOW_CLOSED})`, WINDOW_CLOSED);
    }
  };

  return async (ref, message, at) => {
    if (!message.text.trim() && message.notice) return asTemplate(ref, message, at, 'a notice on its own');
    const bodies = toBodies(message);
    for (let p = 0; p < bodies.length; p++) {
      const part = `${at.index}.${p}`;
      if (await o.records.sentPart(at.jobId, part)) continue;
      const r = await send(ref, at, part, bodies[p]!, message, false);
      if (r.ok) continue;
      if (r.verdict.kind === 'window') return asTemplate(ref, message, at, `outside the 24-hour window (${WINDOW_CLOSED})`);
      throw new RefusedError(r.verdict.reason);
    }
  };
}
