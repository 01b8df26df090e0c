import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Assist, loadCannedReplies } from '../../src/console/assist.js';
import type { MissesOptions } from '../../src/console/misses-desk.js';
import { startConsole, type RunningConsole } from '../../src/console/plugin.js';
import { parseConfig } from '../../src/config.js';
import type { Core } from '../../src/core.js';
import { buildServer } from '../../src/server/build.js';
import type { Redis } from '../../src/store/redis.js';
import { silentLog, testCore } from '../support/core.js';
import { connectTestRedis, deleteKeys } from '../support/redis.js';

/** The shipped canned replies and the core's matcher, as `npm start` gives the console. */
const assistOf = (core: Core) => new Assist({ answerer: core.ctx.answerer, profile: core.ctx.profile, canned: loadCannedReplies('flows') });

export const ADMIN = { email: 'admin@sanad.example.org', password: 'admin password 1' };

export interface ConsoleFixture {
  redis: Redis;
  core: Core;
  app: FastifyInstance;
  console: RunningConsole;
  close(): Promise<void>;
}

/** The real core, HTTP app and console (no channel), on the test's prefix; the first admin from ADMIN_EMAIL. */
export async function startConsoleFixture(prefix: string, env: Record<string, string> = {}, o: { officeHours?: string; app?: FastifyInstance; core?: Core; now?: () => number; misses?: MissesOptions } = {}): Promise<ConsoleFixture> {
  const redis = await connectTestRedis();
  const core = o.core ?? (await testCore(redis, prefix, 'flows', o.officeHours ? { officeHours: o.officeHours } : {}));
  const config = parseConfig({ REDIS_PREFIX: prefix, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env });
  const app = o.app ?? (await buildServer({ redis, log: silentLog }));
  const running = await startConsole(app, { redis, keys: core.keys, officers: core.officers, handoffs: core.handoffs, conversations: core.runner, config, log: silentLog, sweepMs: 100, assist: assistOf(core), requests: requestsOf(core, o.now), misses: o.misses ?? missesOf(core, config) });
  return {
    redis,
    core,
    app,
    console: running,
    async close() {
      await running.stop();
      await app.close();
      await deleteKeys(redis, prefix);
      await redis.close();
    },
  };
}

/** The requests desk's parts from the core (and a clock a test may set forward). */
export const requestsOf = (core: Core, now?: () => number) => ({ requests: core.requests, beneficiaries: core.beneficiaries, ctx: core.ctx, ...(now ? { now } : {}) });

/** The misses review on the core's store and answerer, writing learned.yaml where the core reads its knowledge (a test that assigns gives the core a copy of flows/). */
export const missesOf = (core: Core, config: { MISSES_RETENTION_DAYS: number }) => ({ store: core.misses, knowledge: core.knowledge, dir: core.knowledgeDir, retentionDays: config.MISSES_RETENTION_DAYS });

/** The session cookie a response set (name=value only). */
export function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  // The last one counts (a login clears the old session's cookie, then sets the new one).
  const first = (Array.isArray(set) ? set : [set ?? '']).filter((c) => c.startsWith('sanad_console=') && !c.startsWith('sanad_console=;')).at(-1);
  if (!first) throw new Error(`no session cookie; status ${res.statusCode}: ${res.body}`);
  return first.split(';')[0]!;
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
}

/** An API call with a session cookie. */
export function api(app: FastifyInstance, cookie: string | undefined, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** The console on a channel harness's app and core (the harness closes the app). */
export async function attachConsole(app: FastifyInstance, core: Core, prefix: string): Promise<RunningConsole> {
  const config = parseConfig({ REDIS_PREFIX: prefix, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  return startConsole(app, { redis: core.redis, keys: core.keys, officers: core.officers, handoffs: core.handoffs, conversations: core.runner, config, log: silentLog, sweepMs: 60_000, assist: assistOf(core), requests: requestsOf(core), misses: missesOf(core, config) });
}
