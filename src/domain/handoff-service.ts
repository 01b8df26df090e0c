import type { Text } from '../i18n/text.js';
import type { Attachment, ConversationRef, Locale } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import { addConsoleEvent, consoleEventCommand, type ConsoleEvent } from './console-events.js';
import type { Redis } from '../store/redis.js';
import type { Handoff, HandoffReason, HandoffRepository, TranscriptEntry } from './handoffs.js';
import type { OfficeSchedule } from './office-hours.js';
import { firstName, type Officer, type OfficerRepository } from './officers.js';
import type { AssociationProfile } from './profile.js';


/** The opening of a handoff, as the engine hears it (structurally the engine's `HandoffOpened`). */
export interface Opened {
  handoffId: string;
  position?: number;
  waitMs?: number;
  officer?: string;
  office: { open: boolean; backAt?: number; holiday?: Text };
}

/** A line of a turn, as the runner hands it over. */
type Line = { from: TranscriptEntry['from']; text: string; at: number; officerId?: string; attachments?: Attachment[] };

export interface HandoffServiceOptions {
  redis: Redis;
  keys: Keys;
  handoffs: HandoffRepository;
  officers: OfficerRepository;
  schedule: OfficeSchedule;
  profile: AssociationProfile;
}

/**
 * Opening handoffs and assigning them: longest waiting first, to an available officer with the
 * fewest open chats within his capacity; a reopened chat goes to the officer who served it last
 * if he is available, else to the queue.
 */
export class HandoffService {
  constructor(private readonly o: HandoffServiceOptions) {}

  get handoffs(): HandoffRepository {
    return this.o.handoffs;
  }

  get officers(): OfficerRepository {
    return this.o.officers;
  }

  /** What the beneficiary is told joined: the officer's first name, or the association's role name. */
  displayName(officer: Pick<Officer, 'name'>, locale: Locale): string {
    const d = this.o.profile.officerDisplay;
    return d === 'first-name' ? firstName(officer.name) : d.role[locale];
  }

  /** Tells every open console (the consoles' event stream, read by every process). */
  async publish(event: ConsoleEvent): Promise<void> {
    await addConsoleEvent(this.o.redis, this.o.keys, event);
  }

  async open(o: { ref: ConversationRef; reason: HandoffReason; locale: Locale; transcript: TranscriptEntry[]; now: number }): Promise<Opened> {
    const { handoff, created } = await this.o.handoffs.open(o);
    const office = this.o.schedule.state(o.now);
    if (created) {
      await this.o.handoffs.audit({ at: o.now, actor: 'beneficiary', action: 'opened', handoff: handoff.id, detail: { reason: o.reason, channel: o.ref.channel } });
      await this.publish({ type: 'queued', handoff: handoff.id, at: o.now });
    }
    let current = handoff;
    if (current.status === 'queued') {
      const last = await this.o.handoffs.lastOfficer(o.ref);
      const assigned = await this.assign(current, o.now, last);
      if (assigned) current = assigned.handoff;
    }
    if (current.status === 'with-officer' && current.officerId) {
      const officer = await this.o.officers.get(current.officerId);
      return { handoffId: current.id, officer: officer ? this.displayName(officer, o.locale) : '', office };
    }
    const position = await this.o.handoffs.position(current.id);
    const waitMs = await this.o.handoffs.typicalWait();
    return { handoffId: current.id, ...(position ? { position } : {}), ...(waitMs !== undefined ? { waitMs } : {}), office };
  }

  /** Adds a turn's lines to the handoff's transcript now (the commands of `transcriptWrites`, in one transaction). */
  async append(handoffId: string, lines: Line[]): Promise<void> {
    await this.o.handoffs.write(this.transcriptWrites(handoffId, lines));
  }

  /**
   * The commands keeping a turn's lines with the handoff: its transcript, an officer's reply in
   * the audit trail (`replied`), and the consoles' event. The runner writes them with the turn's
   * state, in one step: no round trip of their own on the turn's path, and the audit entry is
   * written when the reply is, never one without the other.
   */
  transcriptWrites(handoffId: string, lines: Line[]): string[][] {
    const writes = this.o.handoffs.appendCommands(handoffId, lines);
    for (const l of lines) {
      if (l.from === 'officer' && l.officerId) writes.push(...this.o.handoffs.auditCommands({ at: l.at, actor: `officer:${l.officerId}`, action: 'replied', handoff: handoffId, detail: { length: l.text.length } }));
    }
    writes.push(consoleEventCommand(this.o.keys, { type: 'message', handoff: handoffId, at: lines.at(-1)?.at ?? Date.now() }));
    return writes;
  }

  async leave(handoffId: string, now: number): Promise<void> {
    const r = await this.o.handoffs.end(handoffId, 'bot', 'beneficiary', now);
    if (!r.ok) return;
    await this.o.handoffs.audit({ at: now, actor: 'beneficiary', action: 'left', handoff: handoffId });
    await this.publish({ type: 'left', handoff: handoffId, at: now });
  }

  /**
   * The officer auto-assignment would give a chat to: available, not disabled, below his
   * capacity, fewest open chats first (then the one who has waited longest since joining);
   * `preferred` (the last officer of a reopened chat) when he qualifies.
   */
  async pickOfficer(preferred?: string): Promise<Officer | undefined> {
    const ready = (await this.o.officers.list()).filter((x) => !x.disabled && x.availability === 'available');
    if (!ready.length) return undefined;
    const load = await this.o.officers.load(ready.map((x) => x.id));
    const free = ready.filter((x) => (load.get(x.id) ?? 0) < x.capacity);
    const mine = preferred ? free.find((x) => x.id === preferred) : undefined;
    if (mine) return mine;
    return free.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.createdAt - b.createdAt)[0];
  }

  /** Gives one queued handoff to the best officer, if any is free; the claim is atomic, so a race loses nothing. */
  async assign(handoff: Handoff, now: number, preferred?: string): Promise<{ handoff: Handoff; officer: Officer } | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const officer = await this.pickOfficer(preferred);
      if (!officer) return undefined;
      const r = await this.o.handoffs.claim(handoff.id, officer.id, now, officer.capacity);
      if (r.ok) {
        await this.o.handoffs.audit({ at: now, actor: 'system', action: 'assigned', handoff: handoff.id, detail: { officer: officer.id } });
        await this.publish({ type: 'assigned', handoff: handoff.id, officerId: officer.id, at: now });
        return { handoff: r.handoff, officer };
      }
      if (r.why !== 'full') return undefined; // claimed meanwhile, or closed
      preferred = undefined;
    }
    return undefined;
  }

  /** Assigns waiting chats, longest waiting first, while officers have room; returns what was assigned. */
  async assignWaiting(now: number): Promise<{ handoff: Handoff; officer: Officer }[]> {
    const done: { handoff: Handoff; officer: Officer }[] = [];
    for (const h of await this.o.handoffs.list('waiting', 200)) {
      const last = await this.o.handoffs.lastOfficer(h.ref);
      const assigned = await this.assign(h, now, last);
      if (!assigned) {
        if (!(await this.pickOfficer())) break; // nobody has room: the rest wait too
        continue;
      }
      done.push(assigned);
    }
    return done;
  }
}
