import { RESP_TYPES } from 'redis';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';

/** How long a file a beneficiary sent is kept: long enough for the committee to study the request. */
const TTL_SECONDS = 90 * 24 * 3600;

export interface StoredMedia {
  mimeType: string;
  name?: string;
  data: Buffer;
}

/**
 * Files beneficiaries send on WhatsApp, kept in Redis. WhatsApp media can only be fetched through
 * the logged-in browser, and only for a while, so the bytes are downloaded at once and stored;
 * the attachment's `storageKey` (`att:wa:<message id>`) names them.
 */
export class MediaStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async save(id: string, media: StoredMedia): Promise<string> {
    const storageKey = `att:wa:${id}`;
    const key = this.keys.attachment(`wa:${id}`);
    await this.redis
      .multi()
      .hSet(key, { mimeType: media.mimeType, name: media.name ?? '', size: String(media.data.length), data: media.data })
      .expire(key, TTL_SECONDS)
      .exec();
    return storageKey;
  }

  async read(storageKey: string): Promise<StoredMedia | undefined> {
    if (!storageKey.startsWith('att:')) return undefined;
    const raw = await this.redis
      .withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
      .hGetAll(this.keys.attachment(storageKey.slice(4)));
    const h = raw as unknown as Record<string, Buffer>;
    if (!h.data) return undefined;
    return { mimeType: h.mimeType!.toString(), ...(h.name?.length ? { name: h.name.toString() } : {}), data: h.data };
  }
}
