import { LuaScript } from './script.js';

/**
 * The conversation queue in three scripts. A message is appended to the conversation's inbox;
 * whoever holds the conversation's lock handles the inbox head to tail, so messages of one
 * conversation are handled strictly in arrival order even across server processes. A message
 * leaves the inbox only in the same script that saves the state it produced, so a crash in
 * between means the message is handled again (effects carry repeatable ids), never lost.
 */

/**
 * The state is stored as `<version>|<json>`. A process that still holds the version it last
 * wrote sends it (ARGV[5]) and gets '=' instead of the whole state back when it is unchanged.
 */
const STATE = `
local function state(key, known)
  local st = redis.call('GET', key)
  if not st then return '' end
  if known ~= '' and string.sub(st, 1, #known + 1) == known .. '|' then return '=' end
  return st
end
`;

/** KEYS seen, inbox, lock, state · ARGV message, token, lockMs, seenTtlSec, knownVersion → {'dup'} | {'wait'} | {'run', head, state} */
export const acceptScript = new LuaScript(`${STATE}
if not redis.call('SET', KEYS[1], 'q', 'NX', 'EX', ARGV[4]) then return {'dup'} end
redis.call('RPUSH', KEYS[2], ARGV[1])
if redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return {'run', redis.call('LINDEX', KEYS[2], 0), state(KEYS[4], ARGV[5])}
end
return {'wait'}
`);

/** KEYS seen (own message), inbox, lock, state · ARGV token, lockMs, knownVersion → {'done'} | {'wait'} | {'run', head, state} */
export const tryScript = new LuaScript(`${STATE}
if redis.call('GET', KEYS[1]) == 'd' then return {'done'} end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local head = redis.call('LINDEX', KEYS[2], 0)
  if not head then redis.call('DEL', KEYS[3]) return {'done'} end
  return {'run', head, state(KEYS[4], ARGV[3])}
end
return {'wait'}
`);

/**
 * KEYS state, inbox, lock, seen (of the handled message) · ARGV token, state, stateTtlSec, lockMs, seenTtlSec
 * → {'lost'} | {'idle'} | {'run', nextHead}
 */
export const commitScript = new LuaScript(`
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {'lost'} end
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
redis.call('LPOP', KEYS[2])
redis.call('SET', KEYS[4], 'd', 'EX', ARGV[5])
local head = redis.call('LINDEX', KEYS[2], 0)
if head then
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
  return {'run', head}
end
redis.call('DEL', KEYS[3])
return {'idle'}
`);
