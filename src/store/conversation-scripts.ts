import { MARK_LUA } from './marks.js';
import { LuaScript } from './script.js';

/**
 * The conversation queue in four scripts. A message is appended to the conversation's inbox;
 * whoever holds the conversation's lock handles the inbox head to tail, so messages of one
 * conversation are handled strictly in arrival order even across server processes. A message
 * leaves the inbox only in the same script that saves the state it produced, so a crash in
 * between means the message is handled again (effects carry repeatable ids), never lost.
 * A conversation with a non-empty inbox is listed in the pending set until its inbox is empty,
 * so a sweep finds the messages of a process that died holding them.
 */

/**
 * The state is stored as `<version>|<json>`. A process that still holds the version it last
 * wrote sends it and gets '=' instead of the whole state back when it is unchanged.
 */
const STATE = `
local function state(key, known)
  local st = redis.call('GET', key)
  if not st then return '' end
  if known ~= '' and string.sub(st, 1, #known + 1) == known .. '|' then return '=' end
  return st
end
`;

/**
 * KEYS seen, inbox, lock, state, pending, [precondition hash] · ARGV message, token, lockMs,
 * seenTtlSec, knownVersion, member, now, [field, value, …]
 * → {'refused'} | {'dup'} | {'wait', fresh} | {'run', fresh, head, state}
 *
 * 'refused': with a precondition hash, one of its fields is not as given; nothing is queued.
 *
 * 'dup': handled before. Otherwise the message is queued (fresh '1') or was queued before and
 * not yet handled (fresh '0': a redelivery after a crash, which must not be stranded): then the
 * caller takes the lock if it is free and drains the inbox ('run'), or leaves it to the holder.
 * head '' means the inbox holds only the message just queued (not sent back: the caller has it).
 */
export const acceptScript = new LuaScript(`${STATE}
if KEYS[6] then
  for i = 8, #ARGV, 2 do
    if redis.call('HGET', KEYS[6], ARGV[i]) ~= ARGV[i + 1] then return {'refused'} end
  end
end
local fresh = '0'
local alone = false
if redis.call('SET', KEYS[1], 'q', 'NX', 'EX', ARGV[4]) then
  fresh = '1'
  alone = redis.call('RPUSH', KEYS[2], ARGV[1]) == 1
  redis.call('ZADD', KEYS[5], 'NX', ARGV[7], ARGV[6])
elseif redis.call('GET', KEYS[1]) == 'd' then
  return {'dup'}
end
if redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then
  if alone then return {'run', fresh, '', state(KEYS[4], ARGV[5])} end
  local head = redis.call('LINDEX', KEYS[2], 0)
  if not head then
    redis.call('DEL', KEYS[3])
    redis.call('ZREM', KEYS[5], ARGV[6])
    return {'dup'}
  end
  return {'run', fresh, head, state(KEYS[4], ARGV[5])}
end
return {'wait', fresh}
`);

/** KEYS seen (own message), inbox, lock, state, pending · ARGV token, lockMs, knownVersion, member → {'done'} | {'wait'} | {'run', head, state} */
export const tryScript = new LuaScript(`${STATE}
if redis.call('GET', KEYS[1]) == 'd' then return {'done'} end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local head = redis.call('LINDEX', KEYS[2], 0)
  if not head then
    redis.call('DEL', KEYS[3])
    redis.call('ZREM', KEYS[5], ARGV[4])
    return {'done'}
  end
  return {'run', head, state(KEYS[4], ARGV[3])}
end
return {'wait'}
`);

/**
 * For an input whose caller gives it again if this process dies before it is handled (a job
 * retried): the conversation taken at once when it is idle, the input not queued first (the
 * job keeps it). KEYS seen, inbox, lock, state · ARGV token, lockMs, knownVersion
 * → {'dup'} | {'busy'} | {'run', state}
 * 'busy' (held, messages waiting, or the input queued before): it goes through the inbox.
 */
export const takeScript = new LuaScript(`${STATE}
local seen = redis.call('GET', KEYS[1])
if seen == 'd' then return {'dup'} end
if seen or redis.call('EXISTS', KEYS[2]) == 1 then return {'busy'} end
if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'busy'} end
return {'run', state(KEYS[4], ARGV[3])}
`);

/**
 * Takes a conversation to drain its inbox: when its lock is free, or already held with this
 * token (a drain resumed after a Redis error). Used by the sweep and by that resume.
 * KEYS inbox, lock, state, pending · ARGV token, lockMs, member → {'busy'} | {'empty'} | {'run', head, state}
 */
export const claimScript = new LuaScript(`
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return {'busy'} end
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then
  if holder then redis.call('DEL', KEYS[2]) end
  redis.call('ZREM', KEYS[4], ARGV[3])
  return {'empty'}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return {'run', head, redis.call('GET', KEYS[3]) or ''}
`);

/**
 * KEYS state, inbox, lock, seen (of the handled message), pending, recent[, a mark's keys] ·
 * ARGV token, state, stateTtlSec, lockMs, seenTtlSec, member, clearRecent ('1' or ''),
 * recentMax, turnLines ('' for none), queued ('1': the inbox head; '': taken at once, see
 * takeScript), the number of words of the turn's writes, those words (each write as its word
 * count and its words: command, arguments)[, the mark's arguments]
 * → {'lost'} | {'idle', '', marked, failed} | {'run', nextHead, marked, failed}
 *
 * With the state (when the turn produced one) go the turn's lines (a JSON array, one list entry):
 * the list starts again when a handoff took the earlier ones, keeps the last `recentMax` entries,
 * and lives as long as the state. A mark (see marks.ts) is a record's step the turn took,
 * written with it (marked 1) or not, when the record was not where the mark starts (0). The
 * writes (a handoff's transcript lines, their audit entries) are done in the same step: a turn
 * handled again after a crash, or by a process that took the conversation over, writes them
 * once. A write Redis refuses does not hold the conversation up (the state is saved, the message
 * done): `failed` says why ('' when none did).
 */
export const commitScript = new LuaScript(`${MARK_LUA}
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {'lost'} end
local failed = ''
local w, after = 12, 12 + tonumber(ARGV[11])
while w < after do
  local n = tonumber(ARGV[w])
  local r = redis.pcall(unpack(ARGV, w + 1, w + n))
  if type(r) == 'table' and r.err then failed = r.err end
  w = w + n + 1
end
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  if ARGV[7] == '1' then redis.call('DEL', KEYS[6]) end
  if ARGV[9] ~= '' then
    if redis.call('RPUSH', KEYS[6], ARGV[9]) > tonumber(ARGV[8]) then redis.call('LTRIM', KEYS[6], -tonumber(ARGV[8]), -1) end
    redis.call('EXPIRE', KEYS[6], ARGV[3])
  end
end
local marked = 0
if ARGV[after] then marked = mark(7, after) end
if ARGV[10] == '1' then redis.call('LPOP', KEYS[2]) end
redis.call('SET', KEYS[4], 'd', 'EX', ARGV[5])
local head = redis.call('LINDEX', KEYS[2], 0)
if head then
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
  return {'run', head, marked, failed}
end
redis.call('DEL', KEYS[3])
-- Taken at once, the input never listed the conversation as pending (what came meanwhile ran above).
if ARGV[10] == '1' then redis.call('ZREM', KEYS[5], ARGV[6]) end
return {'idle', '', marked, failed}
`);
