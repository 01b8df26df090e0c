import { createHash } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { MAX_STALLS } from './delivery-worker.js';
import type { DomainEvent, EventBus } from '../domain/events.js';
import { QuietHours } from '../domain/quiet-hours.js';
import type { FollowUp, FollowUpKind, NewSurvey, SurveyRepository } from '../domain/surveys.js';
import type { SurveyControl } from '../engine/control.js';
import type { ControlOptions, TurnMark } from '../engine/runner.js';
import type { ConversationState } from '../engine/state.js';
import { riyadhDay } from '../i18n/dates.js';
import type { ConversationRef } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

export const SURVEY_QUEUE = 'surveys';

/** A job names its survey, nothing more: the survey's hash holds the rest (no personal data in Redis job payloads). */
export interface SurveyJob {
  surveyId: string;
  /** Times the beneficiary was busy when it was due (each try is its own control input). */
  attempt?: number;
}
/** `remind` and `expire`: one job per follow-up, as an earlier version added them (now in the sweep's set). */
type JobName = 'send' | 'sweep' | FollowUpKind;

/** The job scheduler that sweeps the due follow-ups. */
const SWEEP_SCHEDULER = 'survey-follow-ups';
/** Follow-ups read per batch, and handled at once, in a sweep. */
const SWEEP_BATCH = 500;
const SWEEP_PARALLEL = 16;
/** Surveys created and queued together at most (a larger burst goes in several). */
const SCHEDULE_BATCH = 256;
/** Batches per sweep at most: a backlog beyond it waits for the next sweep. */
const SWEEP_ROUNDS = 20;

/** How a survey reaches a conversation: the runner's control inputs and its state (the engine decides under the lock). */
export interface SurveyConversations {
  /**
   * `o.mark`: the survey's sent mark, written in the turn's commit when the turn started it;
   * `o.redelivered`: a job (or the sweep) gives the input again after a crash.
   */
  control(ref: ConversationRef, control: SurveyControl, id: string, now?: number, o?: ControlOptions): Promise<unknown>;
  /** The conversation's state as this process last saw it (an older one never shows a survey that did not start). */
  lastState(ref: Pick<ConversationRef, 'channel' | 'address'>): Promise<ConversationState | undefined>;
}

export interface SurveySettings {
  delayMs: number;
  quiet: QuietHours;
  /** 0: no reminder. */
  reminderMs: number;
  expiryMs: number;
  retryMs: number;
  /** 1 in N bot-only tasks; 0: none. */
  botSample: number;
  /** `flow:end-step` pairs that count as a bot task done well. */
  botOutcomes: ReadonlySet<string>;
}

export interface SurveysOptions {
  redis: Redis;
  keys: Keys;
  surveys: SurveyRepository;
  conversations: SurveyConversations;
  settings: SurveySettings;
  log: Logger;
  /** Whether the flows have a survey flow; without one nothing is sent. */
  hasSurveyFlow: boolean;
  /** The clock (tests set it; BullMQ's own delays stay in real time, offset from it). */
  now?: () => number;
  /** Run a worker in this process (default true). */
  worker?: boolean;
  lockMs?: number;
  concurrency?: number;
  /** How often the due reminders and expiries are swept (default a minute; tests shorten it). */
  sweepEveryMs?: number;
}

/**
 * Satisfaction surveys through BullMQ: a `service.completed` listener schedules one job per
 * service (its id is the service's, so a double close or a replayed event schedules nothing
 * more), and the worker sends it through the runner once it is due, outside quiet hours, and
 * the beneficiary is free; then one reminder, then expiry. Those follow-ups are not a job each:
 * marking a survey sent puts its next one in a set by due time (the same script), and one job
 * scheduler sweeps what is due, so a survey costs its queue one job.
 */
export class Surveys {
  readonly queue: Queue<SurveyJob>;
  readonly worker: Worker<SurveyJob> | undefined;
  private readonly now: () => number;
  /** The sweep's scheduler being set up (a worker's process sets it; the same id once in Redis however many do). */
  private readonly scheduled: Promise<unknown> = Promise.resolve();
  /** Surveys to create and queue with the others scheduled in the same turn of the event loop. */
  private readonly batch: { survey: NewSurvey; done: () => void; failed: (err: unknown) => void }[] = [];
  private readonly flushing = new Set<Promise<void>>();

  constructor(private readonly o: SurveysOptions) {
    this.now = o.now ?? Date.now;
    const connection = { connection: o.redis, prefix: o.keys.bullPrefix() };
    this.queue = new Queue<SurveyJob>(SURVEY_QUEUE, {
      ...connection,
      // A done job is removed at once: the survey's hash is its record (and what stops a second
      // one), and keeping the last ones costs every completion a trim. Failed ones stay 30 days.
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: { age: 30 * 24 * 3600 } },
    });
    if (o.worker === false) return;
    this.worker = new Worker<SurveyJob>(SURVEY_QUEUE, (job, token) => this.process(job, token), {
      ...connection,
      concurrency: o.concurrency ?? 4,
      lockDuration: o.lockMs ?? 30_000,
      // A job whose process died (SIGKILL, a crash) stalls; BullMQ fails it after maxStalledCount stalls
      // (default 1), so two kills during one job would lose it. Stalls here mean a dead process, not a
      // bad job (a job's own errors are retried by attempts), so take it up again many times.
      maxStalledCount: MAX_STALLS,
      ...(o.lockMs ? { stalledInterval: Math.max(500, Math.round(o.lockMs / 2)) } : {}),
    });
    this.worker.on('error', (err) => o.log.warn({ err: err.message }, 'surveys worker: redis error'));
    this.worker.on('failed', (job, err) => o.log.warn({ jobId: job?.id, reason: err.message }, 'survey job failed'));
    this.scheduled = this.queue
      .upsertJobScheduler(SWEEP_SCHEDULER, { every: o.sweepEveryMs ?? 60_000 }, { name: 'sweep', opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } })
      .catch((err: unknown) => o.log.error({ err }, 'surveys: the follow-up sweep could not be scheduled'));
  }

  /** Listens for completed services on the event bus; returns a function that stops listening. */
  listen(events: EventBus): () => void {
    return events.on('service.completed', (e) => this.onCompleted(e));
  }

  /** Which survey a completed service gets, if any. */
  surveyFor(e: DomainEvent<'service.completed'>): NewSurvey | undefined {
    const p = e.payload;
    const base = { ref: p.conversation, locale: p.locale, completedAt: e.at };
    if (p.flow === 'handoff' && p.handoff) return { ...base, id: `chat-${p.handoff}`, service: 'chat', officer: p.officer ?? null, link: p.handoff };
    if (p.flow === 'request' && p.reference) return { ...base, id: `request-${p.reference}`, service: 'request', officer: p.officer ?? null, link: p.reference };
    const { botSample, botOutcomes } = this.o.settings;
    if (!botSample || !botOutcomes.has(`${p.flow}:${p.outcome}`)) return undefined;
    // The event's id and time are the same when a turn is handled again: the same sample, the same survey.
    const hash = createHash('sha1').update(`${e.id}|${e.at}`).digest('hex');
    if (Number.parseInt(hash.slice(0, 8), 16) % botSample !== 0) return undefined;
    return { ...base, id: `bot-${hash.slice(0, 20)}`, service: 'bot', officer: null, link: `${p.flow}:${p.outcome}` };
  }

  async onCompleted(e: DomainEvent<'service.completed'>): Promise<void> {
    const survey = this.surveyFor(e);
    if (survey) await this.schedule(survey);
  }

  /**
   * Creates the survey and its job, once per service. The services completed in the same turn
   * of the event loop go together: one script creates their surveys, one transaction adds
   * their jobs (a burst of closes costs two round trips, not two each).
   */
  schedule(s: NewSurvey): Promise<void> {
    return new Promise((done, failed) => {
      if (this.batch.push({ survey: s, done, failed }) === 1) setImmediate(() => this.flushSoon());
    });
  }

  private flushSoon(): void {
    const run = this.flush().finally(() => this.flushing.delete(run));
    this.flushing.add(run);
  }

  private async flush(): Promise<void> {
    const batch = this.batch.splice(0, SCHEDULE_BATCH);
    if (this.batch.length) setImmediate(() => this.flushSoon());
    try {
      const created = await this.o.surveys.createMany(batch.map((b) => b.survey));
      const now = this.now();
      const jobs = [];
      for (const [i, { survey: s }] of batch.entries()) {
        // An existing survey still scheduled may have lost its job to a crash: adding the same job id again is a no-op in BullMQ.
        if (created[i] !== 'created' && created[i] !== 'scheduled') continue;
        const due = this.o.settings.quiet.shift(Math.max(now, s.completedAt + this.o.settings.delayMs));
        jobs.push({ name: 'send' as const, data: { surveyId: s.id }, opts: { jobId: `send-${s.id}`, delay: Math.max(0, due - now) } });
      }
      if (jobs.length) await this.queue.addBulk(jobs);
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.failed(err);
    }
  }

  private async process(job: Job<SurveyJob>, token?: string): Promise<unknown> {
    const name = job.name as JobName;
    if (name === 'send') return this.send(job, token);
    if (name === 'sweep') return this.sweep();
    return this.followUp({ kind: name, surveyId: job.data.surveyId });
  }

  /** Handles the follow-ups due now, a batch at a time; returns how many. */
  private async sweep(): Promise<number> {
    let done = 0;
    for (let round = 0; round < SWEEP_ROUNDS; round++) {
      const due = await this.o.surveys.dueFollowUps(this.now(), SWEEP_BATCH);
      for (let i = 0; i < due.length; i += SWEEP_PARALLEL) await Promise.all(due.slice(i, i + SWEEP_PARALLEL).map((f) => this.followUp(f)));
      done += due.length;
      if (due.length < SWEEP_BATCH) break;
    }
    return done;
  }

  /**
   * The reminder (through the runner, once: its id is the survey's) or the expiry of a survey
   * still unanswered. Each leaves the due set in the script that records it, so a crash in
   * between means it is tried again, and the runner does not handle the same reminder twice.
   */
  private async followUp(f: FollowUp): Promise<void> {
    const s = await this.o.surveys.get(f.surveyId);
    if (!s || s.status !== 'sent') return this.o.surveys.dropFollowUp(f); // answered (or gone): nothing to remind of, nothing to close
    const now = this.now();
    if (f.kind === 'expire') {
      await this.o.surveys.markExpired(s.id, now);
      return;
    }
    const quiet = this.o.settings.quiet.shift(now);
    if (quiet > now) return this.o.surveys.postponeFollowUp(f, quiet);
    // Left in the due set until marked: the next sweep gives it again if this process dies first.
    await this.o.conversations.control(s.ref, { kind: 'survey', surveyId: s.id, reminder: true }, `survey-${s.id}-remind`, now, { redelivered: true });
    await this.o.surveys.markReminded(s.id, now, (s.sentAt ?? now) + this.o.settings.expiryMs);
  }

  private async send(job: Job<SurveyJob>, token?: string): Promise<void> {
    const { surveys, settings } = this.o;
    const s = await surveys.toSend(job.data.surveyId);
    if (!s || s.status !== 'scheduled') return;
    const now = this.now();
    if (!this.o.hasSurveyFlow) {
      await surveys.markSkipped(s.id, 'no-survey-flow');
      return;
    }
    if (now - s.completedAt > settings.expiryMs) {
      await surveys.markSkipped(s.id, 'too-late');
      return;
    }
    const quiet = settings.quiet.shift(now);
    if (quiet > now) return this.later(job, token, quiet - now);
    const attempt = job.data.attempt ?? 0;
    // One follow-up at a time: the reminder (which then sets the expiry), or the expiry.
    const next = (at: number) =>
      settings.reminderMs ? { kind: 'remind' as const, at: settings.quiet.shift(at + settings.reminderMs) } : { kind: 'expire' as const, at: at + settings.expiryMs };
    // Marked sent in the commit of the turn that started it (the state says whether it did).
    const mark: TurnMark = { for: (st) => (st.survey?.id === s.id ? surveys.sentMark(s.id, st.survey.at, next(st.survey.at)) : undefined) };
    // The engine starts the survey only if he is free and had none today (under the conversation's
    // lock). A repeat of this id is not handled twice. The job gives it again if this process
    // dies first (it stalls and is taken up again), so it need not wait in the inbox.
    await this.o.conversations.control(s.ref, { kind: 'survey', surveyId: s.id }, `survey-${s.id}-${attempt}`, now, { mark, redelivered: true });
    if (mark.written) return;
    // Handled by another process (or before, by a worker that died): the state says whether it started.
    const state = await this.o.conversations.lastState(s.ref);
    if (state?.survey?.id === s.id) {
      await surveys.markSent(s.id, state.survey.at, next(state.survey.at));
      return;
    }
    if (state?.survey && riyadhDay(state.survey.at) === riyadhDay(now)) {
      await surveys.markSkipped(s.id, 'one-a-day');
      return;
    }
    // With an officer, or in the middle of a form: look again later.
    await job.updateData({ ...job.data, attempt: attempt + 1 });
    return this.later(job, token, settings.retryMs);
  }

  /** Puts the job back as delayed, without counting an attempt. */
  private async later(job: Job<SurveyJob>, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  async close(): Promise<void> {
    await this.scheduled;
    while (this.flushing.size || this.batch.length) await Promise.all([...this.flushing, new Promise((r) => setImmediate(r))]);
    await this.worker?.close();
    await this.queue.close();
  }
}

/** The settings from the configuration. */
export function surveySettings(c: {
  SURVEY_DELAY_MS: number;
  SURVEY_QUIET_HOURS: string;
  SURVEY_REMINDER_MS: number;
  SURVEY_EXPIRY_DAYS: number;
  SURVEY_RETRY_MS: number;
  SURVEY_BOT_SAMPLE: number;
  SURVEY_BOT_OUTCOMES: string;
}): SurveySettings {
  return {
    delayMs: c.SURVEY_DELAY_MS,
    quiet: QuietHours.parse(c.SURVEY_QUIET_HOURS),
    reminderMs: c.SURVEY_REMINDER_MS,
    expiryMs: Math.round(c.SURVEY_EXPIRY_DAYS * 24 * 3600_000),
    retryMs: c.SURVEY_RETRY_MS,
    botSample: c.SURVEY_BOT_SAMPLE,
    botOutcomes: new Set(c.SURVEY_BOT_OUTCOMES.split(',')),
  };
}
