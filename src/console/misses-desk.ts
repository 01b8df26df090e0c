import type { Logger } from 'pino';
import type { Topic } from '../knowledge/answerer.js';
import type { Officer } from '../domain/officers.js';
import { FlowFileError } from '../errors.js';
import type { Retrained, RetrainableAnswerer } from '../knowledge/index.js';
import type { KnowledgeSync } from '../knowledge/sync.js';
import { assignMiss } from '../knowledge/learned.js';
import { MissError, type Miss, type MissStore } from '../knowledge/misses.js';
import { OUT_OF_SCOPE_ID } from '../knowledge/schema.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { badRequest, conflict, notFound } from './errors.js';

/** What the console needs to review misses: the store, the running answerer, and the knowledge base's folder. */
export interface MissesOptions {
  store: MissStore;
  /** The core's answerer (`core.knowledge`, also `ctx.answerer`): retrained after an assignment. */
  knowledge: RetrainableAnswerer;
  /** `$FLOWS_DIR/knowledge`: where `learned.yaml` is written. */
  dir: string;
  /** MISSES_RETENTION_DAYS, to tell supervisors how long a miss stays. */
  retentionDays: number;
  /** This process's subscription to what the others learn: after a retrain here, the others are told to retrain too. */
  sync?: KnowledgeSync;
}

const ID = /^[0-9a-f]{8}$/;

/**
 * Supervisors' review of the misses, for the page and the API alike: assigning one to a topic
 * (appended to learned.yaml, then the running matcher retrained and every other process told to
 * retrain too, so the next message gets the new answer without a restart) or dismissing it; both in the audit log. Assignments in this
 * process run one at a time, so a double click cannot add one message twice.
 */
export class MissesDesk {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: MissesOptions & { redis: Redis; keys: Keys; log: Logger }) {}

  get retentionDays(): number {
    return this.o.retentionDays;
  }

  list(): Promise<Miss[]> {
    return this.o.store.list();
  }

  /** The topics a miss may be assigned to: the running matcher's (the knowledge base as last trained). */
  topics(): Topic[] {
    return this.o.knowledge.matcher.topics;
  }

  /** The miss `id`, or 404 (an id of the wrong shape names no miss). */
  async get(id: string): Promise<Miss> {
    const miss = ID.test(id) ? await this.o.store.get(id) : undefined;
    if (!miss) throw notFound(`miss ${id} (reviewed already, or expired)`);
    return miss;
  }

  /**
   * Adds miss `id` to `topic` (or `out-of-scope`) as an example, removes it, retrains the
   * running matcher and audits it. `retrained` is undefined when the retrain failed (the
   * example is saved: the next start learns it).
   */
  assign(id: string, topic: string, me: Officer): Promise<{ miss: Miss; topic: string; retrained: Retrained | undefined }> {
    return this.oneAtATime(async () => {
      if (topic !== OUT_OF_SCOPE_ID && !this.topics().some((t) => t.id === topic)) throw badRequest(`no topic "${topic}": one of ${[...this.topics().map((t) => t.id), OUT_OF_SCOPE_ID].join(', ')}`);
      await this.get(id);
      let miss: Miss;
      try {
        ({ miss } = await assignMiss(this.o.store, this.o.dir, id, topic));
      } catch (err) {
        // Between the checks and the write: the miss went (another process), or the files changed.
        if (err instanceof MissError) throw (await this.o.store.get(id)) ? badRequest(err.message) : notFound(`miss ${id}`);
        if (err instanceof FlowFileError) throw conflict(`nothing was added: the knowledge base does not load. ${err.message}`);
        throw err;
      }
      await this.audit(me, 'miss-assigned', miss, { topic });
      const retrained = await this.o.knowledge.retrain().catch((err: unknown) => {
        this.o.log.error({ err, miss: id }, 'misses: the example was saved but the matcher could not be retrained; the next start learns it');
        return undefined;
      });
      // Every other process reads the files again (even where this one failed to: theirs may not).
      const told = await this.o.sync?.announce().catch((err: unknown) => {
        this.o.log.warn({ err, miss: id }, 'misses: the other processes could not be told to retrain; they learn it at their next start');
        return undefined;
      });
      this.o.log.info({ miss: id, topic, officer: me.id, ...retrained, ...(told !== undefined ? { told } : {}) }, 'misses: assigned to a topic and learned');
      return { miss, topic, retrained };
    });
  }

  /** Removes miss `id` without teaching anything (not a question for the knowledge base), audited. */
  dismiss(id: string, me: Officer): Promise<Miss> {
    return this.oneAtATime(async () => {
      const miss = await this.get(id);
      await this.o.store.remove(id);
      await this.audit(me, 'miss-dismissed', miss);
      return miss;
    });
  }

  private oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Who did what to which miss; the text stays out (the audit log outlives the miss's retention). */
  private async audit(me: Officer, action: 'miss-assigned' | 'miss-dismissed', miss: Miss, detail: Record<string, string> = {}): Promise<void> {
    await this.o.redis.xAdd(
      this.o.keys.audit(),
      '*',
      { at: String(Date.now()), actor: `officer:${me.id}`, action, miss: miss.id, detail: JSON.stringify({ ...detail, reason: miss.reason, channel: miss.channel, locale: miss.locale }) },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 100_000 } },
    );
  }
}
