import { join } from 'node:path';
import type { Logger } from 'pino';
import { domainActions } from './domain/actions.js';
import { BeneficiaryRepository } from './domain/beneficiaries.js';
import { ComplaintRepository } from './domain/complaints.js';
import { EventBus } from './domain/events.js';
import { RequestRepository } from './domain/requests.js';
import { OutboundRouter } from './channels/router.js';
import { loadFlows, loadProfile } from './engine/loader.js';
import { Runner } from './engine/runner.js';
import type { EngineContext } from './engine/step.js';
import { loadKnowledge } from './knowledge/index.js';
import { Keys } from './store/keys.js';
import { connectRedis, resolveRedis, type Redis } from './store/redis.js';
import type { Config } from './config.js';

export interface SanadOptions {
  redis: Redis;
  prefix: string;
  flowsDir: string;
  log: Logger;
  conversationTtlHours: number;
}

/** The channel-neutral core, wired: flows checked, knowledge loaded, repositories, runner. */
export interface Sanad {
  ctx: EngineContext;
  keys: Keys;
  runner: Runner;
  outbound: OutboundRouter;
  events: EventBus;
  requests: RequestRepository;
  beneficiaries: BeneficiaryRepository;
  complaints: ComplaintRepository;
}

/** Builds the core. Throws `FlowFileError` (with every problem listed) when a flow file is wrong. */
export async function createSanad(o: SanadOptions): Promise<Sanad> {
  const keys = new Keys(o.prefix);
  const profile = loadProfile(o.flowsDir);
  const requests = new RequestRepository(o.redis, keys);
  const beneficiaries = new BeneficiaryRepository(o.redis, keys);
  const complaints = new ComplaintRepository(o.redis, keys);
  const actions = domainActions({ requests, beneficiaries, complaints }, profile);
  const flows = loadFlows(o.flowsDir, actions.names());
  const answerer = await loadKnowledge(join(o.flowsDir, 'knowledge'));
  const ctx: EngineContext = { flows, profile, answerer };
  const events = new EventBus(o.redis, keys, o.log);
  const outbound = new OutboundRouter();
  const runner = new Runner({
    redis: o.redis,
    keys,
    ctx,
    actions,
    outbound,
    events,
    log: o.log,
    stateTtlSeconds: Math.round(o.conversationTtlHours * 3600),
  });
  return { ctx, keys, runner, outbound, events, requests, beneficiaries, complaints };
}

/** The core with its Redis found (or started) and connected: what every process entry point needs. */
export interface RunningCore {
  sanad: Sanad;
  redis: Redis;
  /** Closes Redis, and stops the redis-server Sanad started, if it did. */
  close(): Promise<void>;
}

export async function startCore(config: Readonly<Config>, log: Logger): Promise<RunningCore> {
  const where = await resolveRedis(config.REDIS_URL);
  log.info({ source: where.source, url: where.url.replace(/\/\/[^@]*@/, '//***@') }, 'redis');
  const redis = await connectRedis(where.url, log);
  const sanad = await createSanad({
    redis,
    prefix: config.REDIS_PREFIX,
    flowsDir: config.FLOWS_DIR,
    log,
    conversationTtlHours: config.CONVERSATION_TTL_HOURS,
  });
  return {
    sanad,
    redis,
    close: async () => {
      await redis.close();
      await where.stop?.();
    },
  };
}
