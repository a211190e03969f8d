//! Who holds which space: the spaces free for this relay to take, and what `/metrics`
//! shows per space of the shared queue (the stream's length, the messages read but not
//! finished, the oldest message's age and which relay holds the space's lease). One
//! pipelined round trip for all spaces.

use redis::Value;

use super::super::{SpaceStats, StoreError};
use super::connect::Link;
use super::entry::{self, Fields};
use super::keys;

/// Of `spaces`, those no other relay holds (free, or held by `me`).
pub(super) fn unclaimed(
    link: &Link,
    spaces: Vec<String>,
    me: &str,
) -> Result<Vec<String>, StoreError> {
    if spaces.is_empty() {
        return Ok(spaces);
    }
    let mut pipe = redis::pipe();
    for space in &spaces {
        pipe.cmd("GET").arg(keys::lease(space));
    }
    let holders: Vec<Option<String>> = link.with(|c| pipe.query(c))?;
    Ok(spaces
        .into_iter()
        .zip(holders)
        .filter(|(_, h)| h.as_deref().is_none_or(|h| h == me))
        .map(|(s, _)| s)
        .collect())
}

/// The statistics of `spaces`; `me` is this relay's name (shown as `self`).
pub(super) fn space_stats(
    link: &Link,
    spaces: &[String],
    me: &str,
) -> Result<Vec<SpaceStats>, StoreError> {
    if spaces.is_empty() {
        return Ok(Vec::new());
    }
    let mut pipe = redis::pipe();
    for space in spaces {
        let stream = keys::stream(space);
        pipe.cmd("XLEN").arg(&stream);
        // Without a group yet, XPENDING fails; EXISTS-free: the error is read as 0.
        pipe.cmd("XINFO").arg("GROUPS").arg(&stream);
        pipe.cmd("XRANGE")
            .arg(&stream)
            .arg("-")
            .arg("+")
            .arg("COUNT")
            .arg(1);
        pipe.cmd("GET").arg(keys::lease(space));
    }
    let replies: Vec<Value> = link.with(|c| pipe.query(c))?;
    let mut out = Vec::new();
    for (space, r) in spaces.iter().zip(replies.chunks(4)) {
        let [len, groups, first, holder] = r else {
            continue;
        };
        let length = match len {
            Value::Int(n) => u64::try_from(*n).unwrap_or(0),
            _ => 0,
        };
        let pending = pending_of(groups);
        let oldest_ms = match first {
            Value::Array(entries) => entries.first().and_then(|e| match e {
                Value::Array(pair) => pair.get(1).map(|f| Fields::read(f).int("accepted_ms")),
                _ => None,
            }),
            _ => None,
        };
        let holder = entry::text(holder).map(|h| if h == me { "self".to_owned() } else { h });
        out.push(SpaceStats {
            space: space.clone(),
            length,
            pending,
            oldest_ms,
            holder,
        });
    }
    Ok(out)
}

/// The `pending` count of the relays' group in an `XINFO GROUPS` reply.
fn pending_of(groups: &Value) -> u64 {
    let Value::Array(groups) = groups else {
        return 0;
    };
    for g in groups {
        let f = match g {
            Value::Map(pairs) => Fields::read(&Value::Array(
                pairs
                    .iter()
                    .flat_map(|(k, v)| [k.clone(), v.clone()])
                    .collect(),
            )),
            other => Fields::read(other),
        };
        if f.string("name") == keys::GROUP {
            return u64::try_from(f.int("pending")).unwrap_or(0);
        }
    }
    0
}
