//! The Redis queue against a real `redis-server` (append-only file synced on every
//! write), two queue instances standing for two relays.

use std::time::Duration;

use chat_card::webhook::ReplyOption;
use chat_card_test_support::redis::RedisServer;

use super::super::super::incoming::{Credentials, Incoming, Op};
use super::super::GroupState;
use super::*;

fn settings(redis: &RedisServer, reclaim_after: Duration) -> Settings {
    Settings {
        target: Target::parse(&redis.url()).expect("url"),
        durability: QueueDurability::Always,
        replicas: 0,
        lease: Duration::from_secs(5),
        reclaim_after,
        dead_cap: 3,
    }
}

fn message(space: &str, n: usize) -> Incoming {
    Incoming {
        op: Op::Webhook,
        space: space.into(),
        credentials: Credentials {
            key: "KEY-SECRET".into(),
            token: "TOKEN-SECRET".into(),
        },
        body: format!(r#"{{"text":"m{n}"}}"#).into_bytes(),
        reply: ReplyOption::NewThread,
        message_id: None,
        request_id: format!("req-{n}"),
    }
}

fn queued(q: &RedisQueue, m: &Incoming) -> i64 {
    match q.enqueue(m, 100, &mut |_| {}).expect("enqueue") {
        Admit::Queued(id) => id,
        Admit::Full => panic!("full"),
    }
}

chat_card_test_support::needs_redis! {
#[test]
fn messages_wait_in_order_and_leave_once_delivered_or_dead() {
    let Some(redis) = RedisServer::start_durable("queue_order", None) else {
        return;
    };
    let q = RedisQueue::open(settings(&redis, Duration::from_secs(30))).expect("open");
    let ids: Vec<i64> = (0..4).map(|n| queued(&q, &message("AAAA", n))).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(q.queued(), 4);
    assert_eq!(q.spaces().expect("spaces"), ["AAAA"]);
    assert_eq!(q.position("AAAA", ids[2]).expect("position"), 3);
    let first = q.next("AAAA").expect("next").expect("a message");
    assert_eq!(first.id, ids[0]);
    assert_eq!(first.message, message("AAAA", 0));
    // Tried, not delivered: it stays first, with its attempts.
    q.retry_later(first.id, 2, "503").expect("retry");
    let again = q.next("AAAA").expect("next").expect("a message");
    assert_eq!((again.id, again.attempts), (ids[0], 2));
    q.complete(again.id).expect("complete");
    let second = q.next("AAAA").expect("next").expect("a message");
    assert_eq!(second.message.request_id, "req-1");
    q.fail(second.id, 3, Some(400), "refused").expect("fail");
    assert_eq!(q.queued(), 2);
    let dead = q
        .dead_letters(DeadPage { limit: 10, before: None })
        .expect("dead");
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].id, dead[0].http, dead[0].attempts), (ids[1], Some(400), 3));
    assert_eq!(dead[0].message["text"], "m1");
    let raw = redis.command(&["XRANGE", keys::DEAD, "-", "+"]).unwrap_or_default();
    assert!(!raw.contains("SECRET"), "credentials in the dead letters: {raw}");
    // The delivered and dead entries are gone from the stream.
    assert_eq!(redis.command(&["XLEN", "chat-card:{AAAA}:queue"]).as_deref(), Some("2"));
    assert_eq!(q.prune_dead(i64::MAX, 10).expect("prune"), 1);
    assert!(q.dead_letters(DeadPage { limit: 10, before: None }).expect("dead").is_empty());
    let stats = q.space_stats().expect("stats");
    assert_eq!(stats[0].length, 2);
    assert_eq!(stats[0].holder.as_deref(), Some("self"));
    q.check().expect("healthy");
    assert_eq!(q.enqueue(&message("AAAA", 9), 2, &mut |_| {}).expect("enqueue"), Admit::Full);
}
}

chat_card_test_support::needs_redis! {
#[test]
fn one_relay_delivers_a_space_and_another_reclaims_what_it_left() {
    let Some(redis) = RedisServer::start_durable("queue_lease", None) else {
        return;
    };
    let a = RedisQueue::open(settings(&redis, Duration::from_millis(300))).expect("open a");
    let b = RedisQueue::open(settings(&redis, Duration::from_millis(300))).expect("open b");
    let id = queued(&b, &message("AAAA", 0));
    queued(&b, &message("AAAA", 1));
    let taken = a.next("AAAA").expect("next").expect("a message");
    assert_eq!(taken.id, id);
    // A holds the space: B delivers nothing of it.
    assert!(b.next("AAAA").expect("next").is_none());
    assert!(!b.hold("AAAA", None).expect("hold"));
    assert!(b.unclaimed_spaces().expect("unclaimed").is_empty());
    assert_eq!(a.unclaimed_spaces().expect("unclaimed"), ["AAAA"]);
    assert!(a.hold("AAAA", Some(id)).expect("hold"));
    // A's lease lapses (A stopped) with its message unfinished: B waits until it has
    // been idle long enough, then takes the same message, same requestId.
    redis.command(&["DEL", "chat-card:{AAAA}:lease"]);
    assert!(b.next("AAAA").expect("next").is_none(), "reclaimed too early");
    std::thread::sleep(Duration::from_millis(400));
    let reclaimed = b.next("AAAA").expect("next").expect("reclaimed");
    assert_eq!(reclaimed.id, id);
    assert_eq!(reclaimed.message.request_id, "req-0");
    b.complete(id).expect("complete");
    // A's late completion of the same message changes nothing.
    a.complete(id).expect("complete again");
    assert_eq!(b.queued(), 1);
    let next = b.next("AAAA").expect("next").expect("the second");
    assert_eq!(next.message.request_id, "req-1");
}
}

chat_card_test_support::needs_redis! {
#[test]
fn group_state_and_seen_keys_are_shared() {
    let Some(redis) = RedisServer::start_durable("queue_groups", None) else {
        return;
    };
    let a = RedisQueue::open(settings(&redis, Duration::from_secs(30))).expect("open a");
    let b = RedisQueue::open(settings(&redis, Duration::from_secs(30))).expect("open b");
    let mut seen = Vec::new();
    for q in [&a, &b] {
        let mut m = message("AAAA", 0);
        let mut plan = |before: Option<GroupState>| {
            seen.push(before.clone());
            let state = GroupState {
                message_id: "client-am-1".into(),
                resolved: before.is_some(),
            };
            let op = if before.is_some() { Op::ApiUpdate } else { Op::ApiCreate };
            (op, state)
        };
        q.enqueue_in_group(&mut m, "g1", &mut plan, 100, &mut |_| {})
            .expect("enqueue");
    }
    assert_eq!(seen[0], None);
    assert_eq!(
        seen[1],
        Some(GroupState {
            message_id: "client-am-1".into(),
            resolved: false
        })
    );
    let later = now_ms() + 60_000;
    assert!(a.remember_once("k", later).expect("remember"));
    assert!(!b.remember_once("k", later).expect("remember"));
    b.forget_key("k").expect("forget");
    assert!(a.remember_once("k", later).expect("remember"));
}
}
