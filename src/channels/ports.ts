import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AssociationProfile } from '../domain/profile.js';
import type { HandleOutcome } from '../engine/runner.js';
import type { ConversationRef, InboundMessageInput, OutboundMessage } from '../messages/model.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

/**
 * Hands normalised inbound messages to the engine. A channel acknowledges its platform (200 to a
 * webhook, the answer to a POST) once `accept` resolved: the message is then durably queued and
 * is handled right after, even if this process dies. It rejects (StoreDownError) when nothing
 * was queued, and the platform must then send the message again.
 */
export interface InboundHandler {
  /** Resolves once queued ('queued'), at once for a message handled before ('duplicate'), or refused by the message limit ('limited'). */
  accept(msg: InboundMessageInput): Promise<'queued' | 'duplicate' | 'limited'>;
  /**
   * As `accept`, and `handled` resolves once the message has been handled (here or in another
   * process; at once for a duplicate or a refused one; never rejects): for a channel that answers
   * its platform with the turn's reply (Telegram's webhook answer).
   */
  acceptTracked(msg: InboundMessageInput): Promise<TrackedMessage>;
  /** Resolves once the message has been handled (for a channel that waits for the turn: the terminal). */
  handle(msg: InboundMessageInput): Promise<HandleOutcome>;
}

/** What `acceptTracked` says: the outcome of `accept`, and when the message has been handled. */
export interface TrackedMessage {
  outcome: 'queued' | 'duplicate' | 'limited';
  handled: Promise<void>;
}

/**
 * Delivers one conversation turn's replies; `key` is the same when a turn is handled again.
 * `origin` is the platform message id of the beneficiary's message the turn answers (none for
 * an officer's reply, a timer or a notice).
 */
export type Sender = (ref: ConversationRef, messages: OutboundMessage[], key: string, origin?: string) => Promise<void>;

/** Where a channel says how its replies go out. */
export interface OutboundRegistry {
  register(channel: string, sender: Sender): void;
}

/** Redis and the names of its keys, for a channel's own records (web chat activities, media, sessions). */
export interface StorePort {
  redis: Redis;
  keys: Keys;
}

/** Named checks of `/healthz`: each returns its state, and throws when it is down (503). */
export type HealthChecks = Map<string, () => Promise<unknown> | unknown>;

/**
 * What a channel gets from the core: narrow ports, never the core itself, so an adapter can
 * only hand messages in, register its sender, keep its own records and add routes.
 */
export interface ChannelPorts {
  /** The HTTP app, for webhooks and pages (not listening yet while channels start). */
  http: FastifyInstance;
  inbound: InboundHandler;
  outbound: OutboundRegistry;
  store: StorePort;
  /** The association's profile (name, contact), for what a channel shows by itself. */
  profile: AssociationProfile;
  config: Readonly<Config>;
  log: Logger;
  health: HealthChecks;
}

/** A channel that started; the composition root stops it on shutdown. */
export interface RunningChannel {
  stop(): Promise<void>;
}

/**
 * The one contract every channel implements (terminal, web chat, Telegram, WhatsApp): `setup`
 * registers its routes and its sender, starts what it needs, and returns how to stop it
 * (undefined when the channel is off in this configuration). Only the adapter folders implement it,
 * and only `bin/` lists them.
 */
export interface ChannelPlugin {
  name: string;
  setup(ports: ChannelPorts): Promise<RunningChannel | undefined>;
}
