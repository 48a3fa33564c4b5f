/*
 * Lua scripts behind the Redis `SharedState`. Every script takes ARGV[1] = "now" in epoch ms, or "" to read the
 * server's TIME (so all gateway instances share one clock); numbers are stored with %.17g, i.e. as exact IEEE
 * doubles, the same arithmetic the memory implementation does. Replies are arrays of strings (a Lua number would
 * be truncated to an integer on the way out).
 */

const PRELUDE = `
local function read_now()
  if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function fmt(x) return string.format('%.17g', x) end
local now = read_now()
`;

/**
 * One sliding window in one hash {i: sub-window index, c: current, p: previous}: one key, so one expiry and no
 * cross-key atomicity to worry about. ARGV: now, windowMs, op (fits | under | record | peek), amount, limit.
 * Reply: allowed (0/1), used (after the add when allowed), current, previous (as rolled to now, before the add), now.
 */
const WINDOW = `${PRELUDE}
local w = tonumber(ARGV[2])
local op = ARGV[3]
local amount = tonumber(ARGV[4])
local limit = tonumber(ARGV[5])
local idx = math.floor(now / w)
local h = redis.call('HMGET', KEYS[1], 'i', 'c', 'p')
local si = tonumber(h[1])
local c = tonumber(h[2]) or 0
local p = tonumber(h[3]) or 0
if si == nil or si < idx - 1 then c = 0; p = 0
elseif si == idx - 1 then p = c; c = 0
elseif si > idx then idx = si end
local weight = (w - (now - idx * w)) / w
if weight > 1 then weight = 1 end
local used = c + p * weight
local allowed = 1
if op == 'fits' then
  if used + amount > limit then allowed = 0 end
elseif op == 'under' then
  if used >= limit then allowed = 0 end
elseif op == 'peek' then
  allowed = 0
end
if allowed == 1 then
  redis.call('HSET', KEYS[1], 'i', fmt(idx), 'c', fmt(c + amount), 'p', fmt(p))
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((idx + 2) * w - now)))
  used = used + amount
end
return {allowed, fmt(used), fmt(c), fmt(p), fmt(now), fmt(idx)}
`;

/**
 * A budget counter in one hash {v: value, e: expiresAt}; an entry past e counts as missing. ARGV: now, op (reserve |
 * adjust | read), amount, limit, expiresAt, seed ("" = none). Reply: status (allowed | refused | missing | skipped |
 * ok), value, expiresAt, now. "missing" on reserve asks the caller for a seed (its `initial()`), sent on the retry.
 */
const BUDGET = `${PRELUDE}
local op = ARGV[2]
local amount = tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'v', 'e')
local v = tonumber(h[1])
local e = tonumber(h[2])
if v ~= nil and (e == nil or e <= now) then
  redis.call('DEL', KEYS[1])
  v = nil
end
if op == 'read' then
  if v == nil then return {'missing'} end
  return {'ok', fmt(v), fmt(e), fmt(now)}
end
if op == 'adjust' then
  if v == nil or tonumber(ARGV[5]) <= now then return {'skipped'} end
  v = v + amount
  redis.call('HSET', KEYS[1], 'v', fmt(v))
  return {'ok', fmt(v), fmt(e), fmt(now)}
end
if v == nil then
  if ARGV[6] == '' then return {'missing'} end
  v = tonumber(ARGV[6])
  e = tonumber(ARGV[5])
  if e > now then
    redis.call('HSET', KEYS[1], 'v', fmt(v), 'e', fmt(e))
    redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(e - now)))
  end
end
if v >= tonumber(ARGV[4]) then return {'refused', fmt(v), fmt(e), fmt(now)} end
v = v + amount
if e > now then redis.call('HSET', KEYS[1], 'v', fmt(v)) end
return {'allowed', fmt(v), fmt(e), fmt(now)}
`;

/**
 * Concurrency slots in a sorted set (member = holder id, score = when its slot frees itself). ARGV: now, op
 * (acquire | count), id, limit, ttlMs. Reply: allowed (0/1), slots taken.
 */
const SLOTS = `${PRELUDE}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now))
if ARGV[2] == 'count' then return {0, redis.call('ZCARD', KEYS[1])} end
local id = ARGV[3]
local allowed = 0
if redis.call('ZSCORE', KEYS[1], id) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then allowed = 1 end
if allowed == 1 then
  redis.call('ZADD', KEYS[1], fmt(now + tonumber(ARGV[5])), id)
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(tonumber(last[2]) - now)))
end
return {allowed, redis.call('ZCARD', KEYS[1])}
`;

/**
 * Expiring values stored as "<expiresAt>:<value>" with a matching PX, so an injected clock sees them expire too.
 * ARGV: now, op (set | get), ttlMs, value. "get" replies one entry per key, false (nil) when missing or expired.
 */
const VALUES = `${PRELUDE}
if ARGV[2] == 'set' then
  local ttl = math.ceil(tonumber(ARGV[3]))
  if ttl <= 0 then
    redis.call('DEL', KEYS[1])
    return 0
  end
  redis.call('SET', KEYS[1], fmt(now + ttl) .. ':' .. ARGV[4], 'PX', ttl)
  return 1
end
local out = {}
local stored = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local s = stored[i]
  out[i] = false
  if s then
    local sep = string.find(s, ':', 1, true)
    if sep and tonumber(string.sub(s, 1, sep - 1)) > now then out[i] = string.sub(s, sep + 1) end
  end
end
return out
`;

export const REDIS_SCRIPTS = { window: WINDOW, budget: BUDGET, slots: SLOTS, values: VALUES } as const;
export type RedisScriptName = keyof typeof REDIS_SCRIPTS;
