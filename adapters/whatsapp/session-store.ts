import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESP_TYPES } from 'redis';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';

/**
 * whatsapp-web.js RemoteAuth's `Store`, in Redis: the session zip RemoteAuth writes to
 * `<dataPath>/<session>.zip` is kept as one binary string, so a container without a volume
 * keeps its WhatsApp link across restarts.
 */
export class RedisSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly dataPath: string,
  ) {}

  async sessionExists({ session }: { session: string }): Promise<boolean> {
    return (await this.redis.exists(this.keys.whatsappSession(session))) === 1;
  }

  /** RemoteAuth passes only the name: the zip is read from where RemoteAuth wrote it. */
  async save({ session }: { session: string }): Promise<void> {
    const zip = await readFile(join(this.dataPath, `${session}.zip`));
    await this.redis.set(this.keys.whatsappSession(session), zip);
  }

  async extract({ session, path }: { session: string; path: string }): Promise<void> {
    const zip = await this.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(this.keys.whatsappSession(session));
    if (zip) await writeFile(path, zip);
  }

  async delete({ session }: { session: string }): Promise<void> {
    await this.redis.del(this.keys.whatsappSession(session));
  }
}
