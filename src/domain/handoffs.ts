import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Channel, type ConversationRef, type Locale } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { moveScript, openScript } from './handoff-scripts.js';

/**
 * A handoff's life. `queued` waits for an officer, `with-officer` is served; it ends
 * `resolved` (closed by an officer) or `bot` (handed back to the bot, or left by the beneficiary).
 */
export const HandoffStatus = z.enum(['queued', 'with-officer', 'resolved', 'bot']);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

/** What the API's `?status=` names: waiting = queued, active = with an officer, closed = ended. */
export const StatusFilter = z.enum(['waiting', 'active', 'closed']);
export type StatusFilter = z.infer<typeof StatusFilter>;
const STATUSES: Record<StatusFilter, HandoffStatus[]> = { waiting: ['queued'], active: ['with-officer'], closed: ['resolved', 'bot'] };

/** Why the bot handed over: asked, failed, or a flow said so. */
export const HandoffReason = z.enum(['asked', 'invalid-answers', 'not-understood', 'flow']);
export type HandoffReason = z.infer<typeof HandoffReason>;

export const TranscriptEntry = z.object({
  from: z.enum(['beneficiary', 'bot', 'officer']),
  text: z.string(),
  at: z.number().int(),
  /** The officer who wrote it (officer entries only). */
  officerId: z.string().optional(),
  /** Files the beneficiary sent, as storage references (never their bytes). */
  attachments: z.array(z.object({ kind: z.string(), mimeType: z.string(), name: z.string().optional(), url: z.string().optional(), storageKey: z.string().optional() })).optional(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

export interface Handoff {
  id: string;
  ref: ConversationRef;
  reason: HandoffReason;
  status: HandoffStatus;
  locale: Locale;
  officerId?: string;
  createdAt: number;
  waitingSince: number;
  claimedAt?: number;
  closedAt?: number;
  closedBy?: string;
}

export interface AuditEntry {
  at: number;
  /** `officer:<id>`, `beneficiary`, `system`. */
  actor: string;
  action: 'opened' | 'claimed' | 'assigned' | 'replied' | 'transferred' | 'released' | 'closed' | 'left' | 'timed-out' | 'note';
  handoff: string;
  detail?: Record<string, unknown>;
}

export type MoveResult =
  | { ok: true; previous: HandoffStatus; previousOfficer?: string; handoff: Handoff }
  | { ok: false; why: 'missing' | 'full' }
  | { ok: false; why: 'from'; status: HandoffStatus; officerId?: string };

/** Days a closed handoff (its record, transcript and audit trail) is kept, by default. */
export const DEFAULT_RETENTION_DAYS = 90;
const TRANSCRIPT_MAX = 2_000;
const WAITS_KEPT = 50;
/** About how many entries the audit stream keeps (XADD MAXLEN ~). */
const AUDIT_KEPT = 100_000;

/** Handoffs in Redis: the records, their transcripts and audit trails, indexed by status (sorted by waiting since). */
export class HandoffRepository {
  readonly retentionSeconds: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    o: { retentionDays?: number } = {},
  ) {
    this.retentionSeconds = Math.round((o.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400);
  }

  /**
   * Opens a handoff for a conversation with the transcript so far; if the conversation has
   * one open already, that one is returned (`created: false`).
   */
  async open(o: { ref: ConversationRef; reason: HandoffReason; locale: Locale; transcript: TranscriptEntry[]; now: number }): Promise<{ handoff: Handoff; created: boolean }> {
    const id = randomBytes(8).toString('hex');
    const fields: Record<string, string> = {
      id,
      channel: o.ref.channel,
      address: o.ref.address,
      ...(o.ref.userId ? { userId: o.ref.userId } : {}),
      reason: o.reason,
      status: 'queued',
      locale: o.locale,
      createdAt: String(o.now),
      waitingSince: String(o.now),
    };
    const [outcome, which] = (await openScript.run(
      this.redis,
      [this.keys.handoffOfConversation(o.ref), this.keys.handoff(id), this.keys.handoffTranscript(id), this.keys.handoffsByStatus('queued')],
      [id, o.now, ...Object.entries(fields).flat()],
    )) as [string, string];
    if (outcome === 'new' && o.transcript.length) {
      await this.redis.rPush(this.keys.handoffTranscript(id), o.transcript.map((e) => JSON.stringify(e)));
    }
    const handoff = await this.get(which);
    if (!handoff) throw new Error(`handoff ${which} vanished while it was opened`);
    return { handoff, created: outcome === 'new' };
  }

  /**
   * What a record must say for an officer to write into the chat: open with an officer, and his
   * (any officer's, for a supervisor: `officerId` undefined). Checked when his message is queued.
   */
  heldBy(id: string, officerId: string | undefined): { key: string; equals: [string, string][] } {
    return { key: this.keys.handoff(id), equals: officerId ? [['status', 'with-officer'], ['officerId', officerId]] : [['status', 'with-officer']] };
  }

  async get(id: string): Promise<Handoff | undefined> {
    if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
    const h = await this.redis.hGetAll(this.keys.handoff(id));
    return h.id ? toHandoff(h) : undefined;
  }

  /** The open handoff (queued or with an officer) of a conversation. */
  async openFor(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<Handoff | undefined> {
    const id = await this.redis.get(this.keys.handoffOfConversation(ref));
    const h = id ? await this.get(id) : undefined;
    return h && (h.status === 'queued' || h.status === 'with-officer') ? h : undefined;
  }

  /** Handoffs of one API status, longest waiting first (closed ones: most recent first). */
  async list(filter: StatusFilter, limit = 1_000): Promise<Handoff[]> {
    const statuses = STATUSES[filter];
    const cutoff = Date.now() - this.retentionSeconds * 1000;
    const ids: string[] = [];
    for (const status of statuses) {
      const key = this.keys.handoffsByStatus(status);
      // Closed records expire on their own; their index entries are pruned here.
      if (filter === 'closed') await this.redis.zRemRangeByScore(key, '-inf', `(${cutoff}`);
      ids.push(...(filter === 'closed' ? await this.redis.zRange(key, 0, limit - 1, { REV: true }) : await this.redis.zRange(key, 0, limit - 1)));
    }
    const multi = this.redis.multi();
    for (const id of ids) multi.hGetAll(this.keys.handoff(id));
    const rows = ids.length ? ((await multi.exec()) as unknown as Record<string, string>[]) : [];
    const all = rows.filter((h) => h && h.id).map(toHandoff);
    if (filter === 'closed') all.sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
    return all.slice(0, limit);
  }

  /** 1 for the longest waiting; undefined when not queued. */
  async position(id: string): Promise<number | undefined> {
    const rank = await this.redis.zRank(this.keys.handoffsByStatus('queued'), id);
    return rank === null ? undefined : rank + 1;
  }

  async countWaiting(): Promise<number> {
    return this.redis.zCard(this.keys.handoffsByStatus('queued'));
  }

  /** The median of recent waits (queued → with an officer), in ms; undefined before the first. */
  async typicalWait(): Promise<number | undefined> {
    const waits = (await this.redis.lRange(this.keys.handoffWaits(), 0, -1)).map(Number).filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
    return waits.length ? waits[Math.floor(waits.length / 2)] : undefined;
  }

  async transcript(id: string): Promise<TranscriptEntry[]> {
    return (await this.redis.lRange(this.keys.handoffTranscript(id), 0, -1)).map((s) => JSON.parse(s) as TranscriptEntry);
  }

  async append(id: string, entries: TranscriptEntry[]): Promise<void> {
    await this.write(this.appendCommands(id, entries));
  }

  /** Commands (of `appendCommands`, `auditCommands`…) in one transaction: one round trip, all or none. */
  async write(commands: string[][]): Promise<void> {
    if (!commands.length) return;
    const m = this.redis.multi();
    for (const c of commands) m.addCommand(c);
    await m.exec();
  }

  /** The commands adding lines to a transcript (none for no lines), for a transaction or a turn's commit. */
  appendCommands(id: string, entries: TranscriptEntry[]): string[][] {
    if (!entries.length) return [];
    const key = this.keys.handoffTranscript(id);
    return [
      ['RPUSH', key, ...entries.map((e) => JSON.stringify(e))],
      ['LTRIM', key, String(-TRANSCRIPT_MAX), '-1'],
    ];
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.write(this.auditCommands(entry));
  }

  /** An audit entry's commands: the handoff's trail and the audit stream. */
  auditCommands(entry: AuditEntry): string[][] {
    const detail = JSON.stringify(entry.detail ?? {});
    return [
      ['RPUSH', this.keys.handoffAudit(entry.handoff), JSON.stringify(entry)],
      ['XADD', this.keys.audit(), 'MAXLEN', '~', String(AUDIT_KEPT), '*', 'at', String(entry.at), 'actor', entry.actor, 'action', entry.action, 'handoff', entry.handoff, 'detail', detail],
    ];
  }

  async auditTrail(id: string): Promise<AuditEntry[]> {
    return (await this.redis.lRange(this.keys.handoffAudit(id), 0, -1)).map((s) => JSON.parse(s) as AuditEntry);
  }

  /** Gives a queued chat to an officer (claim or auto-assignment). `capacity` > 0 refuses an officer who is full. */
  async claim(id: string, officerId: string, now: number, capacity = 0): Promise<MoveResult> {
    const r = await this.move(id, ['queued'], 'with-officer', officerId, now, capacity, `officer:${officerId}`);
    if (r.ok) {
      const wait = now - r.handoff.waitingSince;
      await this.redis
        .multi()
        .lPush(this.keys.handoffWaits(), String(wait))
        .lTrim(this.keys.handoffWaits(), 0, WAITS_KEPT - 1)
        .set(this.keys.lastOfficer(r.handoff.ref), officerId, { expiration: { type: 'EX', value: 30 * 86_400 } })
        .exec();
    }
    return r;
  }

  /** Gives an open chat to another officer. */
  async transfer(id: string, officerId: string, now: number): Promise<MoveResult> {
    const r = await this.move(id, ['queued', 'with-officer'], 'with-officer', officerId, now, 0, `officer:${officerId}`);
    if (r.ok) await this.redis.set(this.keys.lastOfficer(r.handoff.ref), officerId, { expiration: { type: 'EX', value: 30 * 86_400 } });
    return r;
  }

  /** Ends an open handoff: `resolved` (closed by an officer) or `bot` (handed back, or left by the beneficiary). */
  async end(id: string, status: 'resolved' | 'bot', by: string, now: number): Promise<MoveResult> {
    return this.move(id, ['queued', 'with-officer'], status, '', now, 0, by);
  }

  /** Marks a queued handoff as told "no officer yet"; true only the first time. */
  async markNotified(id: string): Promise<boolean> {
    return Boolean(await this.redis.hSetNX(this.keys.handoff(id), 'notified', '1'));
  }

  /** The officer who last served this conversation, if any (within 30 days). */
  async lastOfficer(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<string | undefined> {
    return (await this.redis.get(this.keys.lastOfficer(ref))) ?? undefined;
  }

  private async move(id: string, from: HandoffStatus[], to: HandoffStatus, officerId: string, now: number, capacity: number, by: string): Promise<MoveResult> {
    const known = await this.get(id);
    if (!known) return { ok: false, why: 'missing' };
    const reply = (await moveScript.run(
      this.redis,
      [this.keys.handoff(id), this.keys.handoffOfConversation(known.ref), this.keys.handoffTranscript(id), this.keys.handoffAudit(id)],
      [id, from.join(','), to, officerId, now, this.keys.handoffsByStatus(''), `${this.keys.prefix}:officer:`, capacity, this.retentionSeconds, by],
    )) as string[];
    if (reply[0] === 'missing' || reply[0] === 'full') return { ok: false, why: reply[0] };
    if (reply[0] === 'from') return { ok: false, why: 'from', status: reply[1] as HandoffStatus, ...(reply[2] ? { officerId: reply[2] } : {}) };
    const handoff = (await this.get(id))!;
    return { ok: true, previous: reply[1] as HandoffStatus, ...(reply[2] ? { previousOfficer: reply[2] } : {}), handoff };
  }
}

// A record's enums checked against the schemas' values (a queue page reads hundreds of records).
const CHANNELS = new Set<string>(Channel.options);
const REASONS = new Set<string>(HandoffReason.options);
const STATUS_VALUES = new Set<string>(HandoffStatus.options);
const known = <T extends string>(values: Set<string>, v: string | undefined, otherwise: T): T => (v !== undefined && values.has(v) ? (v as T) : otherwise);

function toHandoff(h: Record<string, string>): Handoff {
  const num = (k: string) => (h[k] ? Number(h[k]) : undefined);
  return {
    id: h.id!,
    ref: { channel: known<Channel>(CHANNELS, h.channel, 'test'), address: h.address ?? '', ...(h.userId ? { userId: h.userId } : {}) },
    reason: known<HandoffReason>(REASONS, h.reason, 'asked'),
    status: known<HandoffStatus>(STATUS_VALUES, h.status, 'queued'),
    locale: h.locale === 'en' ? 'en' : 'ar',
    ...(h.officerId ? { officerId: h.officerId } : {}),
    createdAt: num('createdAt') ?? 0,
    waitingSince: num('waitingSince') ?? 0,
    ...(num('claimedAt') !== undefined ? { claimedAt: num('claimedAt')! } : {}),
    ...(num('closedAt') !== undefined ? { closedAt: num('closedAt')! } : {}),
    ...(h.closedBy ? { closedBy: h.closedBy } : {}),
  };
}
