import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { HandoffService } from '../domain/handoff-service.js';
import type { OfficerRepository } from '../domain/officers.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { handoffApi } from './api.js';
import type { Assist } from './assist.js';
import { authRoutes } from './auth.js';
import { Desk, type ConversationControl } from './desk.js';
import { LiveFeed } from './live.js';
import { officerApi } from './officers-api.js';
import { consolePages } from './pages.js';
import { requestsApi } from './requests-api.js';
import { requestsPages } from './requests-pages.js';
import { RequestsDesk, type RequestsDeskOptions } from './requests-desk.js';
import { SurveyRepository } from '../domain/surveys.js';
import { surveysApi } from './surveys-api.js';
import { queuesDashboard } from './queues.js';
import { lowRatingNotice, recentLow, surveyPages } from './surveys-page.js';
import { missesApi } from './misses-api.js';
import { MissesDesk, type MissesOptions } from './misses-desk.js';
import { missesPages } from './misses-pages.js';

export interface ConsoleOptions {
  redis: Redis;
  keys: Keys;
  officers: OfficerRepository;
  handoffs: HandoffService;
  /** The runner: officers' actions reach conversations through it. */
  conversations: ConversationControl;
  config: Readonly<Config>;
  log: Logger;
  /** How often waiting chats are checked for assignment and for the wait limit (tests shorten it). */
  sweepMs?: number;
  /** Where console.js and console.css are (default public/console). */
  assetsDir?: string;
  /** Canned replies (flows/canned-replies.yaml) and the matcher's suggested answers. */
  assist?: Assist;
  /** The requests desk (`/api/requests*`, `/console/requests*`): the repositories and the flows. */
  requests?: Omit<RequestsDeskOptions, 'conversations' | 'log'>;
  /** The misses review (`/api/misses*`, `/console/misses`): the store, the running answerer, the knowledge folder. */
  misses?: MissesOptions;
}

export interface RunningConsole {
  desk: Desk;
  requests?: RequestsDesk;
  feed: LiveFeed;
  stop(): Promise<void>;
}

/**
 * The officers' console on the app: the pages at `/console` (with their live feed), and the
 * JSON API `/api/auth/*`, `/api/handoffs*`, `/api/officers*`, `/api/me*`, `/api/misses*` (cookie session), with
 * the first admin from ADMIN_EMAIL / ADMIN_PASSWORD.
 */
export async function startConsole(app: FastifyInstance, o: ConsoleOptions): Promise<RunningConsole> {
  const desk = new Desk(o.handoffs, o.conversations, o.log);
  if (o.config.ADMIN_EMAIL && o.config.ADMIN_PASSWORD) {
    const admin = await o.officers.ensureAdmin(o.config.ADMIN_EMAIL, o.config.ADMIN_PASSWORD);
    o.log.info({ officer: admin.id }, 'console: the first admin is ready (ADMIN_EMAIL)');
  }
  const requests = o.requests ? new RequestsDesk({ ...o.requests, conversations: o.conversations, log: o.log }) : undefined;
  const misses = o.misses ? new MissesDesk({ ...o.misses, redis: o.redis, keys: o.keys, log: o.log }) : undefined;
  const feed = await LiveFeed.start(o.redis, o.keys, o.log);
  let queues: { close(): Promise<void> } | undefined;
  await app.register(async (scope) => {
    const auth = await authRoutes(scope, {
      redis: o.redis,
      keys: o.keys,
      officers: o.officers,
      sessionHours: o.config.CONSOLE_SESSION_HOURS,
      sessionSecret: o.config.CONSOLE_SESSION_SECRET,
      loginAttempts: o.config.CONSOLE_LOGIN_ATTEMPTS,
    });
    handoffApi(scope, { desk, officers: o.officers });
    officerApi(scope, { desk, officers: o.officers });
    if (requests) requestsApi(scope, { desk: requests, officers: o.officers });
    if (misses) missesApi(scope, { desk: misses, officers: o.officers });
    const surveys = new SurveyRepository(o.redis, o.keys);
    surveysApi(scope, { officers: o.officers, surveys });
    const kit = consolePages(scope, {
      desk,
      officers: o.officers,
      feed,
      redis: o.redis,
      keys: o.keys,
      assetsDir: o.assetsDir ?? resolve(import.meta.dirname, '../../public/console'),
      login: auth.login,
      assist: o.assist,
      // The requests filed from a conversation, shown beside it.
      requests: o.requests?.requests,
      supervisorNotice: async (lang) => lowRatingNotice(lang, (await recentLow(surveys)).length),
    });
    if (requests) requestsPages(scope, { kit, desk: requests, officers: o.officers, redis: o.redis, keys: o.keys });
    queues = await queuesDashboard(scope, { redis: o.redis, keys: o.keys, officers: o.officers });
    if (misses) missesPages(scope, kit, misses);
    surveyPages(scope, kit, { officers: o.officers, surveys, assetsDir: o.assetsDir ?? resolve(import.meta.dirname, '../../public/console') });
  });
  // Open event streams would hold the server's close: they end first.
  app.addHook('preClose', async () => feed.endClients());
  o.log.info({ console: '/console' }, 'console: the officers\' console is at /console');
  if (!(await o.officers.list()).length) o.log.warn('console: no officer account yet; start once with ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
  const waitMs = o.config.HANDOFF_WAIT_MINUTES * 60_000;
  let sweeping: Promise<void> | undefined;
  // Decision notices left in the outbox by a process that stopped are handed over at start, then on every sweep.
  const sweep = async () => {
    await desk.sweep(waitMs);
    await requests?.deliverNotices().catch((err: unknown) => o.log.error({ err }, 'request notices sweep failed'));
    await requests?.remindOverdue().catch((err: unknown) => o.log.error({ err }, 'request reminders sweep failed'));
  };
  sweeping = sweep().finally(() => (sweeping = undefined));
  const timer = setInterval(() => {
    sweeping ??= sweep().finally(() => (sweeping = undefined));
  }, o.sweepMs ?? 15_000);
  timer.unref();
  return {
    desk,
    ...(requests ? { requests } : {}),
    feed,
    async stop() {
      clearInterval(timer);
      await sweeping;
      await feed.close();
      await queues?.close();
    },
  };
}
