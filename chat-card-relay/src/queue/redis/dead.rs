//! Reading the capped dead-letter stream a page at a time, newest first.

use redis::Value;

use super::super::{DeadEntry, DeadPage, StoreError};
use super::connect::Link;
use super::entry::{self, Fields};
use super::keys;

/// How many entries one read of the stream takes.
const CHUNK: usize = 256;

/// One page of dead letters: at most `page.limit`, with ids below `page.before`.
pub(super) fn page(link: &Link, page: DeadPage) -> Result<Vec<DeadEntry>, StoreError> {
    let mut out = Vec::new();
    let mut from = "+".to_owned();
    // The stream is capped, so this ends; the bound keeps it so whatever it holds.
    for _ in 0..1_000 {
        let chunk: Value = link.with(|c| {
            redis::cmd("XREVRANGE")
                .arg(keys::DEAD)
                .arg(&from)
                .arg("-")
                .arg("COUNT")
                .arg(CHUNK)
                .query(c)
        })?;
        let Value::Array(entries) = chunk else {
            break;
        };
        let n = entries.len();
        for e in &entries {
            let Value::Array(pair) = e else { continue };
            let (Some(id), Some(fields)) = (pair.first().and_then(entry::text), pair.get(1)) else {
                continue;
            };
            from = format!("({id}");
            let dead = entry::dead_entry(&Fields::read(fields));
            if page.before.is_none_or(|b| dead.id < b) {
                out.push(dead);
                if out.len() >= page.limit {
                    return Ok(out);
                }
            }
        }
        if n < CHUNK {
            break;
        }
    }
    Ok(out)
}
