//! The Lua scripts that make each queue step one atomic call on the server. A script's
//! keys are the space's (one hash tag) plus the relay-wide counters and sets.

use std::sync::LazyLock;

use redis::Script;

/// Stores one message (and, for a message group, the group's new state if it is still
/// what the caller planned from), unless `max` wait.
///
/// KEYS: seq, stream, spaces, queued, [group]. ARGV: max, space, group before ("" when
/// none), group after, field, value, … Returns `{id, queued}`; id -1 when full, -2 when
/// the group changed meanwhile.
pub(super) static ENQUEUE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local q = tonumber(redis.call('GET', KEYS[4]) or '0')
if q >= tonumber(ARGV[1]) then return {-1, q} end
if KEYS[5] then
  local before = redis.call('GET', KEYS[5]) or ''
  if before ~= ARGV[3] then return {-2, q} end
end
local n = redis.call('INCR', KEYS[1])
local added = redis.pcall('XADD', KEYS[2], n .. '-0', unpack(ARGV, 5))
if type(added) == 'table' and added.err then
  -- The counter is behind the stream (it was lost): move it past the stream's top.
  local info = redis.call('XINFO', 'STREAM', KEYS[2])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      n = tonumber(string.match(info[i + 1], '^(%d+)')) + 1
      redis.call('SET', KEYS[1], n)
    end
  end
  redis.call('XADD', KEYS[2], n .. '-0', unpack(ARGV, 5))
end
if KEYS[5] then redis.call('SET', KEYS[5], ARGV[4]) end
redis.call('SADD', KEYS[3], ARGV[2])
q = redis.call('INCR', KEYS[4])
return {n, q}
",
    )
});

/// Takes or renews the space's lease, then finds the message to deliver: this relay's
/// own unfinished one, else one a lapsed relay left (once idle `min_idle` ms), else the
/// next new one. A missing stream or group is created (reading from the start).
///
/// KEYS: stream, lease, attempts. ARGV: group, me, lease ms, min idle ms. Returns
/// `{'held', holder}`, `{'wait', idle}`, `{'none'}` or `{'entry', id, fields, attempts}`.
pub(super) static NEXT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[2] then return {'held', holder} end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
local function read(from)
  local r = redis.pcall('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], from)
  if type(r) == 'table' and r.err then
    if string.find(r.err, 'NOGROUP') then
      redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
    end
    r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], from)
  end
  if not r or not r[1] then return nil end
  return r[1][2][1]
end
local function entry(e)
  return {'entry', e[1], e[2], redis.call('HGET', KEYS[3], e[1]) or '0'}
end
for _ = 1, 16 do
  local e = read('0')
  if not e then break end
  if e[2] then return entry(e) end
  redis.call('XACK', KEYS[1], ARGV[1], e[1])
end
local p = redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1)
if p[1] then
  local idle = tonumber(p[1][3])
  if idle < tonumber(ARGV[4]) then return {'wait', tostring(idle)} end
  local c = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], p[1][1])
  if c[1] and c[1][2] then return entry(c[1]) end
  redis.call('XACK', KEYS[1], ARGV[1], p[1][1])
  return {'wait', '0'}
end
local e = read('>')
if e and e[2] then return entry(e) end
return {'none'}
",
    )
});

/// Removes a delivered message: acknowledged and deleted from its stream at once.
///
/// KEYS: stream, attempts, queued, spaces. ARGV: group, entry id, space. Returns the
/// count of waiting messages.
pub(super) static COMPLETE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
local n = redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
local q = tonumber(redis.call('GET', KEYS[3]) or '0')
if n > 0 then q = redis.call('DECRBY', KEYS[3], n) end
if q < 0 then redis.call('SET', KEYS[3], 0); q = 0 end
if redis.call('XLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[4], ARGV[3]) end
return q
",
    )
});

/// Moves a message to the capped dead-letter stream (without its credentials).
///
/// KEYS: stream, attempts, queued, spaces, dead. ARGV: group, entry id, space, cap,
/// field, value, … Returns the count of waiting messages.
pub(super) static FAIL: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
local n = redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
local q = tonumber(redis.call('GET', KEYS[3]) or '0')
if n > 0 then
  q = redis.call('DECRBY', KEYS[3], n)
  redis.call('XADD', KEYS[5], 'MAXLEN', ARGV[4], '*', unpack(ARGV, 5))
end
if q < 0 then redis.call('SET', KEYS[3], 0); q = 0 end
if redis.call('XLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[4], ARGV[3]) end
return q
",
    )
});

/// Renews the lease while this relay holds it, and marks its message in flight as
/// worked on (its idle time restarts, so no other relay reclaims it).
///
/// KEYS: lease, stream. ARGV: me, lease ms, group, entry id or "". Returns 1 when held.
pub(super) static HOLD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if ARGV[4] ~= '' then
  redis.pcall('XCLAIM', KEYS[2], ARGV[3], ARGV[1], 0, ARGV[4], 'JUSTID')
end
return 1
",
    )
});

/// Gives the lease up if this relay holds it. KEYS: lease. ARGV: me.
pub(super) static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
",
    )
});

/// A waiting message's place in its stream. KEYS: stream. ARGV: entry id.
pub(super) static POSITION: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local ok, r = pcall(redis.call, 'XRANGE', KEYS[1], '-', ARGV[1])
if not ok then return 0 end
return #r
",
    )
});
