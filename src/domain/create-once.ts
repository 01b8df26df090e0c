import { riyadhYear } from '../i18n/dates.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { LuaScript } from '../store/script.js';
import type { ReferenceKind } from './references.js';

/** How long an idempotency key is kept: far longer than a turn is ever handled again. */
const IDEMPOTENCY_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Files a record under a new reference in one atomic step: when the idempotency key already
 * names a record, that one is returned; else the year's sequence is incremented, the record is
 * written (with its reference spliced in), added to its indexes, and the key is written only if
 * absent. Nothing can interleave (a lapsed conversation lock, a second process).
 *
 * KEYS idem, sequence, indexes… · ARGV itemKeyPrefix, kind, year, score, idemTtl, json without its opening brace,
 * auditStream ('' for none), auditReferenceField, auditFields (JSON object) → {'old', reference, json} | {'new', reference}
 */
const createScript = new LuaScript(`
local done = redis.call('GET', KEYS[1])
if done then
  local existing = redis.call('GET', ARGV[1] .. done)
  if existing then return {'old', done, existing} end
end
local n = redis.call('INCR', KEYS[2])
local ref = ARGV[2] .. '-' .. ARGV[3] .. '-' .. string.format('%06d', n)
redis.call('SET', ARGV[1] .. ref, '{"reference":"' .. ref .. '",' .. ARGV[6], 'NX')
for i = 3, #KEYS do redis.call('ZADD', KEYS[i], ARGV[4], ref) end
redis.call('SET', KEYS[1], ref, 'NX', 'EX', ARGV[5])
if ARGV[7] ~= '' then
  local entry = {}
  for k, v in pairs(cjson.decode(ARGV[9])) do entry[#entry + 1] = k; entry[#entry + 1] = v end
  entry[#entry + 1] = ARGV[8]
  entry[#entry + 1] = ref
  redis.call('XADD', ARGV[7], '*', unpack(entry))
end
return {'new', ref}
`);

export interface CreateOnce<T extends { reference: string }> {
  kind: ReferenceKind;
  /** Idempotency key: the same key returns the record first filed with it. */
  idempotencyKey: string;
  at: Date;
  /** The record without its reference (given by the script), already checked by its schema. */
  record: Omit<T, 'reference'>;
  /** The key of a record by its reference (e.g. `keys.request`). */
  itemKey: (reference: string) => string;
  /** Sorted sets the reference is added to, scored by `at`. */
  indexes: string[];
  /** An audit entry written with the record (its reference under `referenceField`). */
  audit?: { stream: string; referenceField: string; fields: Record<string, string> };
  /** Reads a stored record back (its schema's parse): the one filed before with the same key. */
  parse: (raw: unknown) => T;
}

/** The one idempotent create of requests and complaints: `SR-2026-000042`, `CS-2026-000007`. */
export async function createOnce<T extends { reference: string }>(redis: Redis, keys: Keys, o: CreateOnce<T>): Promise<T> {
  const year = riyadhYear(o.at);
  const prefix = o.itemKey('');
  const { reference: _none, ...rest } = o.record as Omit<T, 'reference'> & { reference?: string };
  const reply = (await createScript.run(
    redis,
    [keys.idempotent(`${o.kind === 'SR' ? 'req' : 'cmp'}:${o.idempotencyKey}`), keys.sequence(o.kind, year), ...o.indexes],
    [prefix, o.kind, year, o.at.getTime(), IDEMPOTENCY_TTL_SECONDS, JSON.stringify(rest).slice(1), o.audit?.stream ?? '', o.audit?.referenceField ?? '', JSON.stringify(o.audit?.fields ?? {})],
  )) as [string, string, string?];
  if (reply[0] === 'old') return o.parse(JSON.parse(reply[2]!));
  // The caller parsed the record; the reference is the script's own format: no second parse.
  return { ...rest, reference: reply[1] } as unknown as T;
}
