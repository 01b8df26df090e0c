import { z } from 'zod';
import { Channel, type ConversationRef, type Locale } from '../messages/model.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { runMark, type Mark } from '../store/marks.js';
import { LuaScript } from '../store/script.js';
import { addConsoleEvent } from './console-events.js';

/** What was served: an officer's chat, a decided request, or a task the bot finished alone. */
export const ServiceType = z.enum(['chat', 'request', 'bot']);
export type ServiceType = z.infer<typeof ServiceType>;

/**
 * A survey's life: `scheduled` (waiting for its time, or for the beneficiary to be free),
 * `sent`, `answered` (at least one answer), `expired` (sent, never answered in time), or
 * `skipped` (never sent: one a day already, or no survey flow).
 */
export const SurveyStatus = z.enum(['scheduled', 'sent', 'answered', 'expired', 'skipped']);
export type SurveyStatus = z.infer<typeof SurveyStatus>;

export interface Survey {
  id: string;
  service: ServiceType;
  ref: ConversationRef;
  locale: Locale;
  /** The officer who served (chat), at the time the survey was sent; null for the bot. */
  officer: string | null;
  /** The handoff id, the request reference, or the flow and outcome of a bot task. */
  link: string;
  status: SurveyStatus;
  completedAt: number;
  sentAt?: number;
  remindedAt?: number;
  answeredAt?: number;
  expiredAt?: number;
  /** 1–5; absent when skipped or not reached. */
  rating?: number;
  resolved?: boolean;
  comment?: string;
  skipReason?: string;
}

/** What a new survey is made of (the rest comes as it goes). */
export type NewSurvey = Pick<Survey, 'id' | 'service' | 'ref' | 'locale' | 'officer' | 'link' | 'completedAt'>;

/**
 * Creates surveys once each: a second call with the same id changes nothing and says so.
 * KEYS the surveys' hashes · ARGV fields per survey, then each survey's fields in KEYS' order
 * → per survey 'created' or the status it already has.
 */
const createScript = new LuaScript(`
local per = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    out[i] = redis.call('HGET', KEYS[i], 'status') or 'scheduled'
  else
    redis.call('HSET', KEYS[i], unpack(ARGV, 2 + (i - 1) * per, 1 + i * per))
    out[i] = 'created'
  end
end
return out
`);

/** Sets fields only while the status is one of ARGV[1] (space separated): a step taken once. */
const transitionScript = new LuaScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
if not string.find(' ' .. ARGV[1] .. ' ', ' ' .. status .. ' ', 1, true) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
`);

/**
 * A follow-up done: fields set while the status is one of ARGV[1] (space separated), the done
 * follow-up (ARGV[2]) out of the due set, and the next one (ARGV[3] at ARGV[4], if any) in.
 * KEYS survey, follow-ups. The follow-up leaves the set whatever the status: nothing to do any more.
 */
const followedUpScript = new LuaScript(`
redis.call('ZREM', KEYS[2], ARGV[2])
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
if not string.find(' ' .. ARGV[1] .. ' ', ' ' .. status .. ' ', 1, true) then return 0 end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3]) end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
return 1
`);

/** What follows a sent survey: one reminder (if configured), then its expiry. */
export type FollowUpKind = 'remind' | 'expire';
export interface FollowUp {
  kind: FollowUpKind;
  surveyId: string;
}
const member = (kind: FollowUpKind, id: string) => `${kind} ${id}`;

/** Words that skip the free comment ("skip", "no", "nothing"), compared normalised. */
const SKIP_WORDS = new Set(['تخطي', 'تجاوز', 'لا', 'لا شكرا', 'لا يوجد', 'لايوجد', 'ما عندي', 'skip', 'no', 'none', 'nothing', 'no thanks'].map(normalizeForMatch));

/** The answers as the survey flow keeps them (`surveyRating` "1".."5", `surveyResolved` "yes"/"no", `surveyComment`). */
export function answersOf(data: Readonly<Record<string, unknown>>): { rating?: number; resolved?: boolean; comment?: string } {
  const rating = Number(data.surveyRating);
  const comment = typeof data.surveyComment === 'string' ? data.surveyComment.trim() : '';
  return {
    ...(Number.isInteger(rating) && rating >= 1 && rating <= 5 ? { rating } : {}),
    ...(data.surveyResolved === 'yes' ? { resolved: true } : data.surveyResolved === 'no' ? { resolved: false } : {}),
    ...(comment && !SKIP_WORDS.has(normalizeForMatch(comment)) ? { comment } : {}),
  };
}

/** The fields a new survey's hash is created with (see `createMany`). */
const FIELDS_PER_SURVEY = 9;

/** Built once: `.catch()` makes a new schema each time, which a survey read per job would pay for. */
const serviceOf = ServiceType.catch('chat');
const channelOf = Channel.catch('test');
const statusOf = SurveyStatus.catch('scheduled');

function parse(h: Record<string, string>): Survey | undefined {
  if (!h.id) return undefined;
  const s: Survey = {
    id: h.id,
    service: serviceOf.parse(h.service),
    ref: { channel: channelOf.parse(h.channel), address: h.address ?? '' },
    locale: h.locale === 'en' ? 'en' : 'ar',
    officer: h.officer || null,
    link: h.link ?? '',
    status: statusOf.parse(h.status),
    completedAt: Number(h.completedAt),
  };
  // Only the fields present (absent ones stay absent, not undefined).
  if (h.sentAt) s.sentAt = Number(h.sentAt);
  if (h.remindedAt) s.remindedAt = Number(h.remindedAt);
  if (h.answeredAt) s.answeredAt = Number(h.answeredAt);
  if (h.expiredAt) s.expiredAt = Number(h.expiredAt);
  if (h.rating) s.rating = Number(h.rating);
  if (h.resolved !== undefined) s.resolved = h.resolved === '1';
  if (h.comment !== undefined) s.comment = h.comment;
  if (h.skipReason !== undefined) s.skipReason = h.skipReason;
  return s;
}

/**
 * Satisfaction surveys in Redis: one hash per service (the service's own id makes it unique),
 * an index of those sent (by time) for the report, and one of low ratings for supervisors.
 */
export class SurveyRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Creates the survey unless it exists; returns `created`, or the status it already has. */
  async create(s: NewSurvey): Promise<'created' | SurveyStatus> {
    return (await this.createMany([s]))[0]!;
  }

  /** `create` for many surveys in one round trip (services completed at once); the answers in their order. */
  async createMany(list: readonly NewSurvey[]): Promise<('created' | SurveyStatus)[]> {
    if (!list.length) return [];
    const args: string[] = [String(FIELDS_PER_SURVEY * 2)];
    for (const s of list) {
      args.push('id', s.id, 'service', s.service, 'channel', s.ref.channel, 'address', s.ref.address, 'locale', s.locale);
      args.push('officer', s.officer ?? '', 'link', s.link, 'status', 'scheduled', 'completedAt', String(s.completedAt));
    }
    const r = (await createScript.run(this.redis, list.map((s) => this.keys.survey(s.id)), args)) as string[];
    return r.map((x) => (x === 'created' ? 'created' : statusOf.parse(x)));
  }

  async get(id: string): Promise<Survey | undefined> {
    return parse(await this.redis.hGetAll(this.keys.survey(id)));
  }

  /** The few fields the worker reads before sending a survey (once per job: not the whole hash). */
  async toSend(id: string): Promise<Pick<Survey, 'id' | 'ref' | 'status' | 'completedAt'> | undefined> {
    const [status, channel, address, completedAt] = await this.redis.hmGet(this.keys.survey(id), ['status', 'channel', 'address', 'completedAt']);
    if (!status) return undefined;
    return { id, status: statusOf.parse(status), ref: { channel: channelOf.parse(channel), address: address ?? '' }, completedAt: Number(completedAt) };
  }

  private async transition(id: string, from: SurveyStatus[], fields: Record<string, string | number>): Promise<boolean> {
    const args = [from.join(' '), ...Object.entries(fields).flatMap(([k, v]) => [k, String(v)])];
    return (await transitionScript.run(this.redis, [this.keys.survey(id)], args)) === 1;
  }

  /**
   * It reached the beneficiary: counted in the report from now on, its follow-up due at
   * `next.at` (none for one being answered already). Written only while it is `scheduled`.
   */
  sentMark(id: string, at: number, next?: { kind: FollowUpKind; at: number }): Mark {
    const zadd = [{ key: this.keys.surveysSent(), score: at, member: id }];
    if (next) zadd.push({ key: this.keys.surveyFollowUps(), score: next.at, member: member(next.kind, id) });
    return { hash: this.keys.survey(id), field: 'status', from: 'scheduled', set: { status: 'sent', sentAt: at }, zadd };
  }

  /** `sentMark` written on its own. */
  async markSent(id: string, at: number, next?: { kind: FollowUpKind; at: number }): Promise<boolean> {
    return runMark(this.redis, this.sentMark(id, at, next));
  }

  /** The follow-ups due by `now` (oldest first), at most `limit`. */
  async dueFollowUps(now: number, limit: number): Promise<FollowUp[]> {
    const members = await this.redis.zRangeByScore(this.keys.surveyFollowUps(), '-inf', now, { LIMIT: { offset: 0, count: limit } });
    return members.map((m) => ({ kind: m.slice(0, m.indexOf(' ')) as FollowUpKind, surveyId: m.slice(m.indexOf(' ') + 1) }));
  }

  /** A follow-up due in quiet hours: due again at `at` (in the set again, for one left as a job by an earlier version). */
  async postponeFollowUp(f: FollowUp, at: number): Promise<void> {
    await this.redis.zAdd(this.keys.surveyFollowUps(), { score: at, value: member(f.kind, f.surveyId) });
  }

  /** A follow-up with nothing left to do (the survey answered, or gone). */
  async dropFollowUp(f: FollowUp): Promise<void> {
    await this.redis.zRem(this.keys.surveyFollowUps(), member(f.kind, f.surveyId));
  }

  private async followedUp(f: FollowUp, fields: Record<string, string | number>, next?: { kind: FollowUpKind; at: number }): Promise<boolean> {
    const args = ['sent', member(f.kind, f.surveyId), next ? member(next.kind, f.surveyId) : '', next?.at ?? 0, ...Object.entries(fields).flatMap(([k, v]) => [k, String(v)])];
    return (await followedUpScript.run(this.redis, [this.keys.survey(f.surveyId), this.keys.surveyFollowUps()], args)) === 1;
  }

  /** Reminded (while still unanswered); its expiry due at `expireAt`. The reminder leaves the due set either way. */
  async markReminded(id: string, at: number, expireAt: number): Promise<boolean> {
    return this.followedUp({ kind: 'remind', surveyId: id }, { remindedAt: at }, { kind: 'expire', at: expireAt });
  }

  /** Sent and never answered in time: closed. The expiry leaves the due set either way. */
  async markExpired(id: string, at: number): Promise<boolean> {
    return this.followedUp({ kind: 'expire', surveyId: id }, { status: 'expired', expiredAt: at });
  }

  /** Never sent (one a day already, or surveys are switched off in the flows). */
  async markSkipped(id: string, reason: string): Promise<boolean> {
    return this.transition(id, ['scheduled'], { status: 'skipped', skipReason: reason });
  }

  /**
   * Records the answers given so far, from the beneficiary's own conversation only (an officer
   * or another channel cannot answer for him). Returns `closed` once the survey has expired.
   * A rating of 1–2 is indexed for supervisors' attention.
   */
  async recordAnswers(id: string, from: ConversationRef, data: Readonly<Record<string, unknown>>, now: number): Promise<{ closed: boolean; low: boolean }> {
    const s = await this.get(id);
    if (!s || s.ref.channel !== from.channel || s.ref.address !== from.address) return { closed: true, low: false };
    if (s.status !== 'sent' && s.status !== 'answered' && s.status !== 'scheduled') return { closed: true, low: false };
    // Still `scheduled`: the engine started it in his conversation (only it puts the survey's id in
    // the survey flow's data), and he answered before the worker marked it sent (it was slow, or
    // died in between): it is sent, and answered.
    if (s.status === 'scheduled') await this.markSent(id, now);
    const a = answersOf(data);
    const fields: Record<string, string | number> = { status: 'answered', answeredAt: s.answeredAt ?? now };
    if (a.rating !== undefined) fields.rating = a.rating;
    if (a.resolved !== undefined) fields.resolved = a.resolved ? '1' : '0';
    if (a.comment !== undefined) fields.comment = a.comment;
    if (!(await this.transition(id, ['sent', 'answered'], fields))) return { closed: true, low: false };
    const low = a.rating !== undefined && a.rating <= 2 && s.rating === undefined;
    if (low) {
      await this.redis.zAdd(this.keys.surveysLow(), { score: now, value: id });
      // Every open console page hears of it (supervisors see the alert).
      await addConsoleEvent(this.redis, this.keys, { type: 'survey-low', survey: id, at: now });
    }
    return { closed: false, low };
  }

  /** Surveys sent between `from` and `to` (ms, inclusive), oldest first. */
  async sentBetween(from: number, to: number): Promise<Survey[]> {
    const ids = await this.redis.zRangeByScore(this.keys.surveysSent(), from, to);
    return this.many(ids);
  }

  /** The latest low ratings (newest first). */
  async lowRatings(limit = 50): Promise<Survey[]> {
    const ids = await this.redis.zRange(this.keys.surveysLow(), 0, limit - 1, { REV: true });
    return this.many(ids);
  }

  private async many(ids: string[]): Promise<Survey[]> {
    const out: Survey[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const m = this.redis.multi();
      for (const id of ids.slice(i, i + 500)) m.hGetAll(this.keys.survey(id));
      for (const h of (await m.exec()) as unknown as Record<string, string>[]) {
        const s = parse(h);
        if (s) out.push(s);
      }
    }
    return out;
  }
}
