import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../src/server/safe-equal.js';
import type { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { SanadError } from '../../src/errors.js';

/** What a token grants: one conversation, as one user, until `exp` (seconds since the epoch). */
export interface TokenClaims {
  /** Direct Line conversation id. */
  conv: string;
  /** The visitor's user id; `user` is also where botframework-directlinejs looks for it. */
  user: string;
  iat: number;
  exp: number;
  /**
   * `conversation`: the Direct Line token. `stream`: a short-lived ticket in the WebSocket URL.
   * `file`: a short-lived ticket in a file link (an <img> cannot send a token), for one conversation's files.
   */
  knd: 'conversation' | 'stream' | 'file';
}

/** Every token has this header; one fixed value leaves no room for `alg: none` tricks. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** How long a WebSocket URL stays usable: the client connects at once and gets a new URL on every reconnect. */
export const STREAM_TICKET_SECONDS = 120;
/** How long a file link works: each read of the transcript hands out fresh ones. */
export const FILE_TICKET_SECONDS = 15 * 60;

/**
 * Signs and checks web chat tokens: HS256 JWTs (so botframework-directlinejs can read the user id
 * in them) bound to one conversation and one user, with an expiry.
 */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    readonly ttlSeconds: number,
  ) {}

  sign(conv: string, user: string, knd: TokenClaims['knd'] = 'conversation', now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const ttl = knd === 'stream' ? STREAM_TICKET_SECONDS : knd === 'file' ? FILE_TICKET_SECONDS : this.ttlSeconds;
    const claims: TokenClaims = { conv, user, iat, exp: iat + ttl, knd };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The claims of a genuine, unexpired token of that kind; a `SanadError` (403) otherwise. */
  verify(token: string, knd: TokenClaims['knd'] = 'conversation', now = Date.now()): TokenClaims {
    const refuse = (why: string) => new SanadError('SANAD_ERR_WEBCHAT_TOKEN', `invalid token: ${why}; ask /api/webchat/token for a new one`);
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw refuse('not a web chat token');
    const given = Buffer.from(parts[2]!, 'base64url');
    const wanted = this.mac(`${parts[0]}.${parts[1]}`);
    if (!safeEqual(given, wanted)) throw refuse('bad signature');
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      throw refuse('unreadable claims');
    }
    if (claims.knd !== knd) throw refuse(`a ${claims.knd} token where a ${knd} token is needed`);
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw refuse('expired');
    if (typeof claims.conv !== 'string' || typeof claims.user !== 'string') throw refuse('incomplete claims');
    return claims;
  }

  private mac(data: string): Buffer {
    return createHmac('sha256', this.secret).update(data).digest();
  }
}

/**
 * The signing key: WEBCHAT_TOKEN_SECRET when set; otherwise one generated on first start and
 * kept in Redis (SET NX), so a restart and a second process sign and check with the same key.
 */
export async function resolveTokenSecret(redis: Redis, keys: Keys, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const key = keys.webchatSecret();
  await redis.set(key, randomBytes(48).toString('base64url'), { condition: 'NX' });
  const secret = await redis.get(key);
  if (!secret) throw new SanadError('SANAD_ERR_WEBCHAT_SECRET', 'the web chat token secret could not be stored in Redis');
  return Buffer.from(secret, 'utf8');
}
