import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Sanad } from '../app.js';
import type { Config } from '../config.js';
import type { Redis } from '../store/redis.js';

export interface ChannelSetup {
  app: FastifyInstance;
  sanad: Sanad;
  config: Readonly<Config>;
  redis: Redis;
  log: Logger;
  /** Add a named check to /healthz: return the channel's state, throw when it is down. */
  health: Map<string, () => Promise<unknown> | unknown>;
}

/**
 * How a channel plugs into the process: `setup` registers its routes and its outbound
 * sender, starts what it needs, and returns how to stop it (undefined when the channel is
 * off in this configuration). `main.ts` runs every plugin listed in `src/channels.ts`.
 */
export interface ChannelPlugin {
  name: string;
  setup(s: ChannelSetup): Promise<{ stop(): Promise<void> } | undefined>;
}
