import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ChannelPorts } from './channels/ports.js';
import { limitInbound } from './channels/inbound-limit.js';
import { OutboundRouter } from './channels/router.js';
import { domainActions } from './domain/actions.js';
import { BeneficiaryRepository } from './domain/beneficiaries.js';
import { ComplaintRepository } from './domain/complaints.js';
import { ContactProofs } from './domain/contact-proofs.js';
import { EventBus } from './domain/events.js';
import { HandoffService } from './domain/handoff-service.js';
import { HandoffRepository } from './domain/handoffs.js';
import { OfficeSchedule } from './domain/office-hours.js';
import { OfficerRepository } from './domain/officers.js';
import { PrivacyService } from './domain/privacy.js';
import { RequestRepository } from './domain/requests.js';
import { SurveyRepository } from './domain/surveys.js';
import { loadFlows, loadProfile } from './engine/loader.js';
import { Runner } from './engine/runner.js';
import type { EngineContext } from './engine/step.js';
import { loadKnowledge, ownNames, ownServices, type RetrainableAnswerer } from './knowledge/index.js';
import { MissStore, recordMisses } from './knowledge/misses.js';
import { AttachmentStore } from './store/attachments.js';
import { Counters } from './store/counters.js';
import { Keys } from './store/keys.js';
import type { Redis } from './store/redis.js';

export interface CoreOptions {
  redis: Redis;
  prefix: string;
  flowsDir: string;
  log: Logger;
  conversationTtlHours: number;
  /** How long misses are kept (MISSES_RETENTION_DAYS). */
  missesRetentionDays?: number;
  /** How long a process may hold a conversation before another takes over (default 30 s; tests shorten it). */
  lockMs?: number;
  /** `OFFICE_HOURS`: overrides the profile's office hours (`always` for demos and tests). */
  officeHours?: string | undefined;
  /** `HANDOFF_RETENTION_DAYS`: how long a closed handoff's transcript is kept. */
  handoffRetentionDays?: number;
  /** Failed request-status look-ups allowed per conversation and per national ID per day. */
  statusFailuresPerDay?: number;
}

/**
 * The channel-neutral core, wired: flows checked, knowledge loaded, repositories, runner.
 * Channels never see it whole: they get `channelPorts`.
 */
export interface Core {
  redis: Redis;
  ctx: EngineContext;
  keys: Keys;
  runner: Runner;
  outbound: OutboundRouter;
  events: EventBus;
  requests: RequestRepository;
  beneficiaries: BeneficiaryRepository;
  complaints: ComplaintRepository;
  /** The knowledge base's answerer (also `ctx.answerer`): `retrain()` learns new examples without a restart. */
  knowledge: RetrainableAnswerer;
  /** `<flowsDir>/knowledge`: the folder `knowledge` reads, where misses assigned to a topic are written (learned.yaml). */
  knowledgeDir: string;
  /** Messages the bot did not understand well enough, recorded from `inquiry.missed` events. */
  misses: MissStore;
  officers: OfficerRepository;
  handoffs: HandoffService;
  surveys: SurveyRepository;
  proofs: ContactProofs;
  privacy: PrivacyService;
  attachments: AttachmentStore;
}

/** Builds the core. Throws `FlowFileError` (with every problem listed) when a flow file is wrong. */
export async function createCore(o: CoreOptions): Promise<Core> {
  const keys = new Keys(o.prefix);
  const profile = loadProfile(o.flowsDir);
  const requests = new RequestRepository(o.redis, keys);
  const beneficiaries = new BeneficiaryRepository(o.redis, keys);
  const complaints = new ComplaintRepository(o.redis, keys);
  const surveys = new SurveyRepository(o.redis, keys);
  const proofs = new ContactProofs(o.redis, keys, Math.round(o.conversationTtlHours * 3600));
  const counters = new Counters(o.redis, keys);
  const attachments = new AttachmentStore(o.redis, keys, Math.round(o.conversationTtlHours * 3600));
  const privacy = new PrivacyService(o.redis, keys, { requests, beneficiaries, attachments }, profile.retention);
  const actions = domainActions({ requests, beneficiaries, complaints, surveys, proofs, counters, attachments, privacy }, profile, {
    statusFailuresPerDay: o.statusFailuresPerDay ?? 5,
  });
  const flows = loadFlows(o.flowsDir, actions.names());
  const knowledgeDir = join(o.flowsDir, 'knowledge');
  const answerer = await loadKnowledge(knowledgeDir, undefined, ownNames(profile), ownServices(profile));
  const ctx: EngineContext = { flows, profile, answerer };
  const events = new EventBus(o.redis, keys, o.log);
  const misses = new MissStore(o.redis, keys, o.missesRetentionDays ?? 90);
  recordMisses(events, misses, o.log);
  const outbound = new OutboundRouter();
  const officers = new OfficerRepository(o.redis, keys);
  const handoffs = new HandoffService({
    redis: o.redis,
    keys,
    handoffs: new HandoffRepository(o.redis, keys, o.handoffRetentionDays ? { retentionDays: o.handoffRetentionDays } : {}),
    officers,
    schedule: OfficeSchedule.from(profile.officeHours, o.officeHours),
    profile,
  });
  const runner = new Runner({
    redis: o.redis,
    keys,
    ctx,
    actions,
    outbound,
    events,
    log: o.log,
    stateTtlSeconds: Math.round(o.conversationTtlHours * 3600),
    ...(o.lockMs ? { lockMs: o.lockMs } : {}),
    handoffs,
  });
  return { redis: o.redis, ctx, keys, runner, outbound, events, requests, beneficiaries, complaints, knowledge: answerer, knowledgeDir, misses, officers, handoffs, surveys, proofs, privacy, attachments };
}

/** The narrow ports a channel gets from the core; the rest (HTTP app, config, log, health) comes from the process. */
export function channelPorts(core: Core, rest: Pick<ChannelPorts, 'http' | 'config' | 'log' | 'health'>): ChannelPorts {
  const counters = new Counters(core.redis, core.keys);
  return {
    ...rest,
    inbound: limitInbound(
      {
        accept: async (msg) => (await core.runner.accept(msg)).outcome,
        acceptTracked: async (msg) => {
          const accepted = await core.runner.accept(msg);
          return { outcome: accepted.outcome, handled: accepted.done };
        },
        handle: (msg) => core.runner.handle(msg),
      },
      { counters, outbound: core.outbound, max: rest.config.LIMIT_MESSAGES_PER_MINUTE, log: rest.log, takenKey: (msg) => core.keys.seen(msg.ref.channel, msg.messageId) },
    ),
    outbound: core.outbound,
    store: { redis: core.redis, keys: core.keys },
    profile: core.ctx.profile,
  };
}
