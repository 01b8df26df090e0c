import { LuaScript } from '../store/script.js';

/**
 * One handoff's change of status, atomic: the record, the status indexes and the officers'
 * open sets move together, so two officers claiming at once never both get the chat, and a
 * second close finds the chat closed already (and emits nothing).
 *
 * KEYS handoff, conversation pointer, transcript, audit
 * ARGV id, allowed-from (comma list), new status, officer id, now ms, index prefix,
 *      officer key prefix, capacity (0: unchecked), retention s, closed by
 * → {'missing'} | {'from', status, officerId} | {'full'} | {'ok', previous status, previous officer}
 */
export const moveScript = new LuaScript(`
local h = KEYS[1]
local status = redis.call('HGET', h, 'status')
if not status then return {'missing'} end
local old = redis.call('HGET', h, 'officerId') or ''
if not string.find(',' .. ARGV[2] .. ',', ',' .. status .. ',', 1, true) then return {'from', status, old} end
local id, new, officer, now = ARGV[1], ARGV[3], ARGV[4], ARGV[5]
if new == 'with-officer' and ARGV[8] ~= '0' then
  if redis.call('SCARD', ARGV[7] .. officer .. ':open') >= tonumber(ARGV[8]) then return {'full'} end
end
local since = redis.call('HGET', h, 'waitingSince') or now
redis.call('ZREM', ARGV[6] .. status, id)
redis.call('ZADD', ARGV[6] .. new, since, id)
if old ~= '' then redis.call('SREM', ARGV[7] .. old .. ':open', id) end
if new == 'with-officer' then
  redis.call('HSET', h, 'status', new, 'officerId', officer, 'lastOfficerId', officer)
  if status == 'queued' then redis.call('HSET', h, 'claimedAt', now) end
  redis.call('SADD', ARGV[7] .. officer .. ':open', id)
else
  redis.call('HSET', h, 'status', new, 'closedAt', now, 'closedBy', ARGV[10])
  if redis.call('GET', KEYS[2]) == id then redis.call('DEL', KEYS[2]) end
  for i = 1, 4 do if i ~= 2 then redis.call('EXPIRE', KEYS[i], ARGV[9]) end end
end
return {'ok', status, old}
`);

/**
 * Opens a handoff unless the conversation has one open already (a turn handled again after
 * a crash, or a second trigger): the pointer is claimed first.
 *
 * KEYS pointer, handoff, transcript, queued index · ARGV id, waitingSince, field/value pairs…
 * → {'new', id} | {'open', existing id}
 */
export const openScript = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return {'open', redis.call('GET', KEYS[1])} end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
return {'new', ARGV[1]}
`);
