//! `chat-card send --redis` as several processes against one fake space and one real
//! `redis-server`, all on 127.0.0.1. The fake space's quota and the senders' interval
//! are both 200 ms (the real quota is 1 s), so the runs take seconds; every timing is
//! measured against that ideal.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chat_card_fake_space::{FakeSpace, Fault};

use chat_card_test_support::redis::{RedisCluster, RedisServer};

const BIN: &str = env!("CARGO_BIN_EXE_chat-card");
const INTERVAL: Duration = Duration::from_millis(200);
const MESSAGES: usize = 5;
const WARNING: &str = "Redis is unavailable";

/// The runs are timed: one at a time, so they do not compete for the 2 cores.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fake() -> FakeSpace {
    FakeSpace::builder()
        .quota_interval(INTERVAL)
        .start_blocking()
        .expect("fake space starts")
}

/// A JSON Lines file of `MESSAGES` text messages labelled `label-N`.
fn messages(test: &str, label: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("chat-card-cli-redis-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{label}.jsonl"));
    let lines: String = (0..MESSAGES)
        .map(|m| format!("{{\"text\":\"{label}-{m}\"}}\n"))
        .collect();
    std::fs::write(&path, lines).expect("write");
    path
}

/// Starts `chat-card send` of a file of messages to `webhook`, pacing through `redis`
/// (given in the environment, as a secret should be).
fn spawn_send(webhook: &str, redis: &str, file: &PathBuf, max_attempts: u32) -> Child {
    Command::new(BIN)
        .arg("send")
        .args(["--per-space-interval-ms", &INTERVAL.as_millis().to_string()])
        .args(["--max-attempts", &max_attempts.to_string()])
        .arg(file)
        .env("CHAT_WEBHOOK_URL", webhook)
        .env("CHAT_CARD_REDIS_URL", redis)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chat-card runs")
}

/// Waits for every process (at most 60 s in all).
fn wait_all(children: Vec<Child>) -> Vec<Output> {
    let until = Instant::now() + Duration::from_secs(60);
    let mut children: Vec<Option<Child>> = children.into_iter().map(Some).collect();
    loop {
        let done = children.iter_mut().all(|c| {
            c.as_mut()
                .is_none_or(|c| matches!(c.try_wait(), Ok(Some(_))))
        });
        if done {
            break;
        }
        if Instant::now() > until {
            for c in children.iter_mut().flatten() {
                let _ = c.kill();
            }
            panic!("chat-card send did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .into_iter()
        .flatten()
        .map(|c| c.wait_with_output().expect("output"))
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Waits (at most 20 s) until `space` has at least `n` deliveries.
fn wait_for_deliveries(fake: &FakeSpace, space: &str, n: usize) {
    let until = Instant::now() + Duration::from_secs(20);
    while fake.deliveries_in(space).len() < n {
        assert!(Instant::now() < until, "{space}: fewer than {n} deliveries");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every message of `labels` arrived in `space` exactly once.
fn delivered_once(fake: &FakeSpace, space: &str, labels: &[String]) {
    let deliveries = fake.deliveries_in(space);
    let texts: Vec<String> = deliveries.iter().map(|d| d.summary()).collect();
    let unique: HashSet<&String> = texts.iter().collect();
    assert_eq!(
        unique.len(),
        texts.len(),
        "{space}: duplicates in {texts:?}"
    );
    let expected: HashSet<String> = labels
        .iter()
        .flat_map(|l| (0..MESSAGES).map(move |m| format!("{l}-{m}")))
        .collect();
    assert_eq!(
        unique.into_iter().cloned().collect::<HashSet<_>>(),
        expected,
        "{space}"
    );
}

chat_card_test_support::needs_redis! {
#[test]
fn four_processes_and_two_more_spaces_share_pacing_through_redis() {
    let _serial = serial();
    let test = "four_processes_and_two_more_spaces_share_pacing_through_redis";
    let Some(redis) = RedisServer::start(test) else {
        return;
    };
    let fake = fake();
    // Four processes to one space, two processes to each of two more spaces.
    let plan: [(&str, usize); 3] = [("SHARED", 4), ("SIDE1", 2), ("SIDE2", 2)];
    let mut children = Vec::new();
    let mut labels: Vec<(&str, Vec<String>)> = Vec::new();
    let started = Instant::now();
    for (space, processes) in plan {
        let webhook = fake.webhook_url_with_credentials(space);
        let mut space_labels = Vec::new();
        for p in 0..processes {
            let label = format!("{space}-p{p}");
            children.push(spawn_send(
                &webhook,
                &redis.url(),
                &messages(test, &label),
                5,
            ));
            space_labels.push(label);
        }
        labels.push((space, space_labels));
    }
    let outputs = wait_all(children);
    let wall = started.elapsed();
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
        assert!(!stderr(o).contains(WARNING), "{}", stderr(o));
    }
    for (space, space_labels) in &labels {
        delivered_once(&fake, space, space_labels);
    }
    assert_eq!(fake.count_status(429), 0, "zero 429s");

    // The one space's run, first to last arrival, against the ideal of its 20 messages.
    let shared = fake.deliveries_in("SHARED");
    let n = shared.len();
    let span = shared[n - 1].received_at - shared[0].received_at;
    let ideal = INTERVAL * (n as u32 - 1);
    let ratio = span.as_secs_f64() / ideal.as_secs_f64();
    let calls = redis.script_calls();
    eprintln!(
        "one space, 4 processes x {MESSAGES}: {span:?} from first to last arrival of {n} \
         messages, ideal {ideal:?}, ratio {ratio:.3}; all 8 processes from start to exit: \
         {wall:?}; Redis round trips per message (all spaces): {:.2}",
        calls as f64 / fake.deliveries().len() as f64
    );
    assert!(
        ratio <= 1.05,
        "{span:?} is more than 5 % over the ideal {ideal:?}"
    );
}
}

chat_card_test_support::needs_redis! {
#[test]
fn redis_killed_mid_run_everything_is_delivered_with_one_warning_each() {
    let _serial = serial();
    let test = "redis_killed_mid_run_everything_is_delivered_with_one_warning_each";
    let Some(mut redis) = RedisServer::start(test) else {
        return;
    };
    let fake = fake();
    let webhook = fake.webhook_url_with_credentials("KILLED");
    let labels: Vec<String> = (0..4).map(|p| format!("p{p}")).collect();
    // Without Redis the processes collide in the space and retry their 429s: give them
    // room for that.
    let children: Vec<Child> = labels
        .iter()
        .map(|l| spawn_send(&webhook, &redis.url(), &messages(test, l), 10))
        .collect();
    wait_for_deliveries(&fake, "KILLED", 4);
    redis.kill();
    let outputs = wait_all(children);
    for o in &outputs {
        let err = stderr(o);
        assert!(o.status.success(), "{err}");
        assert_eq!(err.matches(WARNING).count(), 1, "one warning: {err}");
    }
    delivered_once(&fake, "KILLED", &labels);
    eprintln!(
        "after the kill: {} requests for {} messages, {} of them 429",
        fake.requests().len(),
        fake.deliveries().len(),
        fake.count_status(429)
    );
}
}

chat_card_test_support::needs_redis! {
#[test]
fn a_429_to_one_process_makes_the_other_processes_wait() {
    let _serial = serial();
    let test = "a_429_to_one_process_makes_the_other_processes_wait";
    let Some(redis) = RedisServer::start(test) else {
        return;
    };
    let fake = fake();
    let webhook = fake.webhook_url_with_credentials("PUSHED");
    let labels: Vec<String> = (0..4).map(|p| format!("p{p}")).collect();
    let children: Vec<Child> = labels
        .iter()
        .map(|l| spawn_send(&webhook, &redis.url(), &messages(test, l), 5))
        .collect();
    wait_for_deliveries(&fake, "PUSHED", 5);
    let retry_after = Duration::from_secs(2);
    fake.push_fault(Fault::RateLimited {
        retry_after: Some(retry_after.as_secs().to_string()),
        retry_delay: None,
    });
    let outputs = wait_all(children);
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
    }
    delivered_once(&fake, "PUSHED", &labels);
    assert_eq!(fake.quota_rejections(), 0, "no 429 from the quota");

    let requests = fake.requests();
    let refused = requests
        .iter()
        .find(|r| r.injected && r.status == Some(429))
        .expect("the injected 429 was answered")
        .arrived_at;
    // Slots already handed out when the 429 came (one per other process, the last three
    // intervals after it) still go out; after them nothing until the Retry-After ends.
    let quiet_from = refused + INTERVAL * 3 + INTERVAL / 2;
    let quiet_until = refused + retry_after - INTERVAL / 2;
    let early: Vec<Duration> = requests
        .iter()
        .filter(|r| r.arrived_at > quiet_from && r.arrived_at < quiet_until)
        .map(|r| r.arrived_at - refused)
        .collect();
    assert!(
        early.is_empty(),
        "requests {early:?} after the 429 did not wait for its Retry-After ({retry_after:?})"
    );
    let resumed = requests
        .iter()
        .filter(|r| r.arrived_at >= quiet_until)
        .count();
    assert!(resumed > 0, "sending resumed after the wait");
    drop(redis);
}
}

#[test]
fn the_cli_never_prints_the_redis_password() {
    const PASSWORD: &str = "Cli-S3cret-Pw";
    let fake = fake();
    let webhook = fake.webhook_url_with_credentials("CLISECRET");
    // Nothing listens on this port: the warning names the address, not the password.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let down = format!("redis://default:{PASSWORD}@127.0.0.1:{port}");
    for (redis, code) in [
        (down.as_str(), 0),
        ("rediss://default:Cli-S3cret-Pw@127.0.0.1:6379", 2),
        ("redis://default:Cli-S3cret-Pw@127.0.0.1:6379/not-a-db", 2),
    ] {
        let out = Command::new(BIN)
            .args(["send", "--text", "hello", "--redis", redis])
            .env("CHAT_WEBHOOK_URL", &webhook)
            .output()
            .expect("runs");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{err}");
        assert!(!err.contains(PASSWORD), "{err}");
        if code == 0 {
            assert_eq!(err.matches(WARNING).count(), 1, "{err}");
            assert!(err.contains(&format!("redis://127.0.0.1:{port}")), "{err}");
        } else {
            assert!(
                err.contains("--redis / CHAT_CARD_REDIS_URL: invalid Redis URL"),
                "{err}"
            );
        }
    }
    assert_eq!(fake.deliveries_in("CLISECRET").len(), 1);
}

chat_card_test_support::needs_redis! {
#[test]
fn processes_share_pacing_through_a_redis_cluster() {
    let _serial = serial();
    let test = "processes_share_pacing_through_a_redis_cluster";
    let Some(cluster) = RedisCluster::start(test) else {
        return;
    };
    let fake = fake();
    let seeds = cluster.urls().join(",");
    let mut children = Vec::new();
    let mut labels = Vec::new();
    for space in ["CLA", "CLB"] {
        let webhook = fake.webhook_url_with_credentials(space);
        let mut space_labels = Vec::new();
        for p in 0..3 {
            let label = format!("{space}-p{p}");
            let child = Command::new(BIN)
                .arg("send")
                .args(["--per-space-interval-ms", &INTERVAL.as_millis().to_string()])
                .args(["--redis", &seeds, "--redis-cluster"])
                .arg(messages(test, &label))
                .env("CHAT_WEBHOOK_URL", &webhook)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("chat-card runs");
            children.push(child);
            space_labels.push(label);
        }
        labels.push((space, space_labels));
    }
    for o in wait_all(children) {
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains(WARNING), "{}", stderr(&o));
    }
    for (space, space_labels) in &labels {
        delivered_once(&fake, space, space_labels);
    }
    assert_eq!(fake.count_status(429), 0, "zero 429s");
    let calls: u64 = cluster.nodes.iter().map(RedisServer::script_calls).sum();
    assert!(
        calls >= 30,
        "{calls} round trips to the cluster for 30 messages"
    );
}
}

chat_card_test_support::needs_redis! {
#[cfg(feature = "chat-api")]
#[test]
fn update_and_delete_take_their_turns_through_redis_too() {
    use chat_card_fake_space::TestKeyPair;

    const EMAIL: &str = "cli-pacing@fake-project.iam.gserviceaccount.com";
    let _serial = serial();
    let test = "update_and_delete_take_their_turns_through_redis_too";
    let Some(redis) = RedisServer::start(test) else {
        return;
    };
    let fake = fake();
    let pair = TestKeyPair::generate().expect("key pair");
    fake.chat_api()
        .add_service_account(EMAIL, &pair.public_pem)
        .expect("key trusted");
    let key_file = messages(test, "unused").with_file_name("key.json");
    std::fs::write(
        &key_file,
        pair.key_file_json(EMAIL, "kid", &fake.chat_api().token_uri()),
    )
    .expect("key written");
    let base = fake.chat_api().api_base();
    let name = "spaces/API/messages/client-paced-1";
    let runs: [&[&str]; 3] = [
        &[
            "send",
            "--space",
            "spaces/API",
            "--message-id",
            "client-paced-1",
            "--text",
            "paced",
        ],
        &["update", name, "--text", "paced again"],
        &["delete", name],
    ];
    for args in runs {
        let before = redis.script_calls();
        let out = Command::new(BIN)
            .args(args)
            .args(["--api-base", &base, "--per-space-interval-ms", "200"])
            .env_remove("CHAT_WEBHOOK_URL")
            .env("GOOGLE_APPLICATION_CREDENTIALS", &key_file)
            .env("CHAT_CARD_REDIS_URL", redis.url())
            .output()
            .expect("chat-card runs");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            redis.script_calls() > before,
            "{args:?} reserved its slot in Redis"
        );
    }
    assert_eq!(fake.chat_api().updates().len(), 1);
    assert_eq!(fake.chat_api().deletes().len(), 1);
}
}
