import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HandoffService } from '../domain/handoff-service.js';
import type { Handoff, StatusFilter } from '../domain/handoffs.js';
import { hasRole, type Availability, type Officer } from '../domain/officers.js';
import type { ControlInput } from '../engine/control.js';
import type { ControlOptions } from '../engine/control-options.js';
import type { Channel, ConversationRef } from '../messages/model.js';
import { badRequest, conflict, forbidden, notFound } from './errors.js';

/** Puts an officer's action into the conversation's inbox (the runner's `control`; 'refused' when `o.only` did not hold). */
export interface ConversationControl {
  control(ref: ConversationRef, control: ControlInput, id: string, now?: number, o?: Pick<ControlOptions, 'only'>): Promise<unknown>;
}

/** How many handoffs' conversations a process remembers (a few per open chat). */
const REFS_KEPT = 10_000;

/** A handoff as the API lists it. */
export interface HandoffItem {
  id: string;
  channel: Channel;
  /** The beneficiary's address on that channel (web chat: the Direct Line conversation id). */
  address: string;
  reason: string;
  status: string;
  waitingSince: string;
  officerId?: string;
  officerName?: string;
  claimedAt?: string;
  closedAt?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A handoff as the API lists it, with its officer's name when he has one. */
function itemOf(h: Handoff, officerName: string | undefined): HandoffItem {
  return {
    id: h.id,
    channel: h.ref.channel,
    address: h.ref.address,
    reason: h.reason,
    status: h.status,
    waitingSince: iso(h.waitingSince)!,
    ...(h.officerId ? { officerId: h.officerId } : {}),
    ...(officerName ? { officerName } : {}),
    ...(h.claimedAt ? { claimedAt: iso(h.claimedAt)! } : {}),
    ...(h.closedAt ? { closedAt: iso(h.closedAt)! } : {}),
  };
}

/**
 * What officers do to handoffs, for the API and the pages alike: each action changes the
 * record atomically, is written to the audit log, reaches the conversation through the runner
 * (so the beneficiary is told, in order with his own messages), and is published to every
 * open console.
 */
export class Desk {
  /**
   * Handoff id → its conversation, for the handoffs this process has read: a handoff's
   * conversation never changes, so an officer's reply needs no read of the record (whether the
   * chat is still open and his is checked as the reply is queued).
   */
  private readonly refs = new Map<string, ConversationRef>();

  constructor(
    private readonly service: HandoffService,
    private readonly conversations: ConversationControl,
    private readonly log: Logger,
  ) {}

  private get repo() {
    return this.service.handoffs;
  }

  async item(h: Handoff): Promise<HandoffItem> {
    return itemOf(h, h.officerId ? (await this.service.officers.get(h.officerId))?.name : undefined);
  }

  async list(filter: StatusFilter, limit?: number): Promise<HandoffItem[]> {
    const [all, names] = await Promise.all([this.repo.list(filter, limit), this.officerNames()]);
    return all.map((h) => itemOf(h, h.officerId ? names.get(h.officerId) : undefined));
  }

  /** The queue page's two lists (waiting, and with an officer), read at once, with one read of the officers. */
  async queue(limit: number): Promise<{ waiting: HandoffItem[]; active: HandoffItem[] }> {
    const [waiting, active, names] = await Promise.all([this.repo.list('waiting', limit), this.repo.list('active', limit), this.officerNames()]);
    const items = (all: Handoff[]) => all.map((h) => itemOf(h, h.officerId ? names.get(h.officerId) : undefined));
    return { waiting: items(waiting), active: items(active) };
  }

  private async officerNames(): Promise<Map<string, string>> {
    return new Map((await this.service.officers.list()).map((o) => [o.id, o.name]));
  }


  async get(id: string): Promise<Handoff> {
    const h = await this.repo.get(id);
    if (!h) throw notFound(`handoff ${id}`);
    if (!this.refs.has(id)) {
      if (this.refs.size >= REFS_KEPT) this.refs.delete(this.refs.keys().next().value!);
      this.refs.set(id, h.ref);
    }
    return h;
  }

  /** Whether this process has read this handoff before (its conversation is known). */
  knows(id: string): boolean {
    return this.refs.has(id);
  }

  async detail(id: string) {
    const h = await this.get(id);
    const [messages, audit, position] = await Promise.all([this.repo.transcript(id), this.repo.auditTrail(id), this.repo.position(id)]);
    return {
      ...(await this.item(h)),
      locale: h.locale,
      ...(position ? { position } : {}),
      messages: messages.map((m) => ({ from: m.from, text: m.text, at: iso(m.at)!, ...(m.officerId ? { officerId: m.officerId } : {}), ...(m.attachments?.length ? { attachments: m.attachments } : {}) })),
      audit: audit.map((a) => ({ ...a, at: iso(a.at)! })),
    };
  }

  /** An officer may act on a chat he holds, or any chat if he is a supervisor. */
  private mayAct(h: Handoff, officer: Officer): boolean {
    return h.officerId === officer.id || hasRole(officer.role, 'supervisor');
  }

  private async tell(h: Handoff, control: ControlInput, id: string): Promise<void> {
    await this.conversations.control(h.ref, control, id);
  }

  async claim(id: string, officer: Officer, now = Date.now()): Promise<Handoff> {
    const r = await this.repo.claim(id, officer.id, now);
    if (!r.ok) {
      if (r.why === 'missing') throw notFound(`handoff ${id}`);
      if (r.why === 'from' && r.status === 'with-officer' && r.officerId === officer.id) return this.get(id); // claimed twice
      throw conflict(r.why === 'from' && r.status === 'with-officer' ? 'another officer has taken this chat' : 'this chat is closed');
    }
    await this.repo.audit({ at: now, actor: `officer:${officer.id}`, action: 'claimed', handoff: id });
    await this.service.publish({ type: 'claimed', handoff: id, officerId: officer.id, at: now });
    await this.tell(r.handoff, { kind: 'joined', handoffId: id, officer: this.service.displayName(officer, r.handoff.locale) }, `joined:${id}:${officer.id}:${now}`);
    return r.handoff;
  }

  /**
   * An officer's message to the beneficiary. It is queued only while the chat is open and his
   * (or he is a supervisor), checked in the same step: with the chat's conversation known, that
   * is the whole of it; otherwise, or when the check fails, the record is read to say why (or
   * to claim a waiting chat first).
   */
  async reply(id: string, officer: Officer, text: string, now = Date.now()): Promise<void> {
    const body = text.trim();
    if (!body) throw badRequest('the body is {"text": "..."} with some text');
    if (body.length > 4000) throw badRequest('a message has at most 4000 characters');
    // Its audit entry (`replied`) is written with its transcript line, in the turn (HandoffService.transcriptWrites).
    const control: ControlInput = { kind: 'reply', handoffId: id, text: body, officerId: officer.id };
    const only = this.repo.heldBy(id, hasRole(officer.role, 'supervisor') ? undefined : officer.id);
    const ref = this.refs.get(id);
    if (ref && (await this.conversations.control(ref, control, `reply:${randomUUID()}`, now, { only })) !== 'refused') return;
    let h = await this.get(id);
    // Writing to a waiting chat takes it.
    if (h.status === 'queued') h = await this.claim(id, officer, now);
    if (h.status !== 'with-officer') throw conflict('this chat is closed');
    if (!this.mayAct(h, officer)) throw forbidden('supervisor (the chat is another officer\'s)');
    if ((await this.conversations.control(h.ref, control, `reply:${randomUUID()}`, now, { only })) === 'refused') throw conflict('this chat was closed or given to another officer meanwhile');
  }

  async release(id: string, officer: Officer, now = Date.now()): Promise<Handoff> {
    const h = await this.get(id);
    if (h.status === 'with-officer' && !this.mayAct(h, officer)) throw forbidden('supervisor (the chat is another officer\'s)');
    const r = await this.repo.end(id, 'bot', `officer:${officer.id}`, now);
    if (!r.ok) {
      if (r.why === 'from') throw conflict('this chat is closed');
      throw notFound(`handoff ${id}`);
    }
    await this.repo.audit({ at: now, actor: `officer:${officer.id}`, action: 'released', handoff: id });
    await this.service.publish({ type: 'released', handoff: id, officerId: officer.id, at: now });
    await this.tell(h, { kind: 'released', handoffId: id }, `released:${id}`);
    await this.assignWaiting(now);
    return r.handoff;
  }

  async transfer(id: string, officer: Officer, toId: string, now = Date.now()): Promise<Handoff> {
    const h = await this.get(id);
    if (h.status === 'with-officer' && !this.mayAct(h, officer)) throw forbidden('supervisor (the chat is another officer\'s)');
    const to = await this.service.officers.get(toId);
    if (!to || to.disabled) throw notFound(`officer ${toId}`);
    if (h.officerId === to.id) return h;
    const r = await this.repo.transfer(id, to.id, now);
    if (!r.ok) throw r.why === 'missing' ? notFound(`handoff ${id}`) : conflict('this chat is closed');
    await this.repo.audit({ at: now, actor: `officer:${officer.id}`, action: 'transferred', handoff: id, detail: { from: h.officerId ?? null, to: to.id } });
    await this.service.publish({ type: 'transferred', handoff: id, officerId: to.id, at: now });
    await this.tell(r.handoff, { kind: 'joined', handoffId: id, officer: this.service.displayName(to, h.locale), transfer: true }, `joined:${id}:${to.id}:${now}`);
    return r.handoff;
  }

  /** A private note on a chat, for officers only (kept in its audit trail; the beneficiary never sees it). */
  async note(id: string, officer: Officer, text: string, now = Date.now()): Promise<void> {
    const body = text.trim();
    if (!body || body.length > 2000) throw badRequest('a note is {"text": "..."} with 1 to 2000 characters');
    await this.get(id);
    await this.repo.audit({ at: now, actor: `officer:${officer.id}`, action: 'note', handoff: id, detail: { text: body } });
    await this.service.publish({ type: 'message', handoff: id, officerId: officer.id, at: now });
  }

  /** Closes a chat; closing a closed one changes nothing and emits nothing. */
  async close(id: string, officer: Officer, now = Date.now()): Promise<{ handoff: Handoff; closed: boolean }> {
    const h = await this.get(id);
    if (h.status === 'resolved' || h.status === 'bot') return { handoff: h, closed: false };
    if (h.status === 'with-officer' && !this.mayAct(h, officer)) throw forbidden('supervisor (the chat is another officer\'s)');
    const r = await this.repo.end(id, 'resolved', `officer:${officer.id}`, now);
    if (!r.ok) {
      if (r.why === 'from') return { handoff: await this.get(id), closed: false }; // closed meanwhile
      throw notFound(`handoff ${id}`);
    }
    await this.repo.audit({ at: now, actor: `officer:${officer.id}`, action: 'closed', handoff: id });
    await this.service.publish({ type: 'closed', handoff: id, officerId: officer.id, at: now });
    const durationMs = now - (h.claimedAt ?? h.waitingSince);
    await this.tell(h, { kind: 'closed', handoffId: id, officerId: h.officerId ?? officer.id, reason: h.reason, durationMs, channel: h.ref.channel }, `closed:${id}`);
    await this.assignWaiting(now);
    return { handoff: r.handoff, closed: true };
  }

  async setAvailability(officer: Officer, availability: Availability, now = Date.now()): Promise<Officer> {
    const updated = await this.service.officers.update(officer.id, { availability });
    if (availability === 'available') await this.assignWaiting(now);
    return updated;
  }

  /** Gives waiting chats to officers with room, and tells each beneficiary who joined. */
  async assignWaiting(now = Date.now()): Promise<number> {
    const assigned = await this.service.assignWaiting(now);
    for (const a of assigned) {
      await this.tell(a.handoff, { kind: 'joined', handoffId: a.handoff.id, officer: this.service.displayName(a.officer, a.handoff.locale) }, `joined:${a.handoff.id}:${a.officer.id}:${now}`);
    }
    return assigned.length;
  }

  /** Tells beneficiaries who waited longer than `waitMs` that no officer has answered yet (once each). */
  async sweep(waitMs: number, now = Date.now()): Promise<void> {
    try {
      await this.assignWaiting(now);
      for (const h of await this.repo.list('waiting', 500)) {
        if (now - h.waitingSince < waitMs) break; // oldest first: the rest waited less
        if (!(await this.repo.markNotified(h.id))) continue;
        await this.repo.audit({ at: now, actor: 'system', action: 'timed-out', handoff: h.id });
        await this.tell(h, { kind: 'wait-timeout', handoffId: h.id }, `timeout:${h.id}`);
      }
    } catch (err) {
      this.log.error({ err }, 'handoff sweep failed');
    }
  }
}
