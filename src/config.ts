import { z } from 'zod';
import { ConfigError } from './errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting, read from the environment once at start-up. A bad value stops start-up
 * with every problem listed at once.
 */
export const ConfigSchema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 0.0.0.0 in a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Redis URL. Unset: 127.0.0.1:6379 if it answers, else a redis-server on PATH is started under ./.data/redis. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key, so several bots (or test runs) share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[\w.:-]+$/).default('sanad'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder with association.yaml, the *.flow.yaml files and knowledge/. */
  FLOWS_DIR: z.string().min(1).default('flows'),
  /** How long a conversation (and a half-filled form) is kept after its last message. */
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24 * 7),
  /** Pretty, human-readable logs (default when stdout is a terminal). */
  LOG_PRETTY: bool.optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) throw new ConfigError(z.prettifyError(parsed.error));
  return Object.freeze(parsed.data);
}
