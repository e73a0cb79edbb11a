/**
 * The Lua scripts of the cluster. Redis runs a script atomically, which is what makes the log
 * simple to follow: an entry's announcement carries the id of the entry before it, so a relay that
 * sees the ids chain knows it missed nothing, and one that sees a gap reads the log.
 */

/** Compares two stream ids numerically (Lua numbers are doubles: ms timestamps fit exactly). */
const NEWER = `
local function newer(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
`;

/**
 * Appends one update to a room's log and announces it, atomically.
 * KEYS: log stream, update channel. ARGV: instance id (16 chars), update bytes.
 * The announcement is `<instance>|<previous id>|<id>|<bytes>`; returns `{previous, id, length}`.
 */
export const APPEND_SCRIPT = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local prev = '0-0'
if #last > 0 then prev = last[1][1] end
local id = redis.call('XADD', KEYS[1], '*', 'i', ARGV[1], 'u', ARGV[2])
redis.call('PUBLISH', KEYS[2], ARGV[1] .. '|' .. prev .. '|' .. id .. '|' .. ARGV[2])
return {prev, id, redis.call('XLEN', KEYS[1])}
`;

/**
 * Replaces the log up to `upto` by a snapshot, unless a newer snapshot is there already.
 * KEYS: snapshot hash, log stream. ARGV: state bytes, upto id. Returns 1 when it compacted.
 * The entry `upto` itself is kept (MINID trims entries before it), so that the stream never
 * empties and the next announcement's previous id is the one relays hold.
 */
export const COMPACT_SCRIPT = `${NEWER}
local current = redis.call('HGET', KEYS[1], 'upto')
if current and not newer(ARGV[2], current) then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'upto', ARGV[2])
redis.call('XTRIM', KEYS[2], 'MINID', ARGV[2])
return 1
`;
