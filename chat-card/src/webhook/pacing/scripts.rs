//! The Lua scripts of the shared schedule. Each runs atomically on the Redis server, so
//! every reservation is one round trip, and reservations from any number of processes
//! are served in the order they reach Redis.
//!
//! State: one key per space, `chat-card:{SPACE}:next` (the space in a hash tag, so a
//! Redis Cluster keeps everything of one space in one slot), holding the space's next
//! free time in microseconds of Redis's own clock (`TIME`). Machines' clocks are never
//! compared. A key lives until its time has passed plus [`IDLE_GRACE_MS`], so idle
//! spaces leave nothing behind.
//!
//! Numbers are written with `%.0f`: Lua 5.1 numbers are doubles, exact for integers up
//! to 2^53 (microseconds since 1970 stay far below), and `tostring` would switch to
//! exponent notation.

/// How long a key outlives the time it stores, in milliseconds.
pub(crate) const IDLE_GRACE_MS: u64 = 1000;

/// Reserves the space's next slot.
///
/// `KEYS[1]`: the space's key. `ARGV[1]`: the interval (µs). `ARGV[2]`: the longest
/// acceptable wait (µs). `ARGV[3]`: [`IDLE_GRACE_MS`].
///
/// Returns `{granted, wait_us}`: with `granted = 1` the slot starts `wait_us` from now
/// and the next one is an interval later; with `granted = 0` the slot would start
/// `wait_us` from now, more than acceptable, and nothing was reserved.
pub(crate) const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stored = redis.call('GET', KEYS[1])
local slot = now
if stored then
  local next_free = tonumber(stored)
  if next_free and next_free > now then slot = next_free end
end
local wait = slot - now
if wait > tonumber(ARGV[2]) then
  return {0, wait}
end
local next_free = slot + tonumber(ARGV[1])
local ttl = math.ceil((next_free - now) / 1000) + tonumber(ARGV[3])
redis.call('SET', KEYS[1], string.format('%.0f', next_free), 'PX', string.format('%.0f', ttl))
return {1, wait}
";

/// Pushes the space's schedule back after a 429: nothing starts before `now + wait`.
///
/// `KEYS[1]`: the space's key. `ARGV[1]`: the wait (µs). `ARGV[2]`: [`IDLE_GRACE_MS`].
/// Returns the resulting wait from now (µs).
pub(crate) const PUSH_BACK: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local next_free = now + tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
if stored then
  local current = tonumber(stored)
  if current and current > next_free then next_free = current end
end
local ttl = math.ceil((next_free - now) / 1000) + tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.0f', next_free), 'PX', string.format('%.0f', ttl))
return next_free - now
";

/// The key of a space's schedule. Space IDs hold only letters, digits, `-`, `_` and `.`
/// (checked when URLs and names are parsed), never braces, so the hash tag is always
/// well formed.
pub(crate) fn space_key(space: &str) -> String {
    format!("chat-card:{{{space}}}:next")
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_has_the_space_as_hash_tag() {
        assert_eq!(super::space_key("AAAA-b_1"), "chat-card:{AAAA-b_1}:next");
    }
}
