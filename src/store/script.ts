import { createHash } from 'node:crypto';
import type { Redis } from './redis.js';

/**
 * A Lua script run by its SHA, loaded again on NOSCRIPT (after a Redis restart or failover).
 * Scripts make the engine's hot path two round trips per message.
 */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** A Buffer argument goes out as it is: for a large text (a state, a message) that saves the client a copy of it. */
  async run(redis: Redis, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    const options = { keys, arguments: args.map((a) => (typeof a === 'number' ? String(a) : a)) };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT')) throw err;
      return redis.eval(this.source, options);
    }
  }
}
