//! The driver under paused time with scripted attempts: no network, no wall clock.

use std::collections::VecDeque;
use std::future::ready;
use std::sync::Mutex;

use super::*;

const S: Duration = Duration::from_secs(1);

/// Settings with round numbers: 1 s interval, 5 attempts, 60 s budget, backoff 1 s
/// doubling to 32 s.
fn config() -> Config {
    Config::default()
}

fn full_jitter() -> f64 {
    1.0
}

/// A retryable failure without a server hint.
fn unavailable() -> Attempt<&'static str, &'static str> {
    Attempt::Retry {
        error: "unavailable",
        hint: None,
        rate_limited: false,
        cause: "server error",
    }
}

/// A rate limit with an optional server hint.
fn rate_limited(hint: Option<Duration>) -> Attempt<&'static str, &'static str> {
    Attempt::Retry {
        error: "rate limited",
        hint,
        rate_limited: true,
        cause: "rate limited",
    }
}

/// The attempts a script made: (label, attempt number, seconds since `t0`).
type Log = Mutex<Vec<(&'static str, u32, f64)>>;

/// Runs `driver` with a scripted sequence of results, logging each attempt under `label`.
async fn scripted(
    driver: &Driver<'_>,
    label: &'static str,
    script: Vec<Attempt<&'static str, &'static str>>,
    t0: Instant,
    log: &Log,
) -> Result<Driven<&'static str>, Stopped<&'static str>> {
    let script = Mutex::new(VecDeque::from(script));
    driver
        .run(|n, _timeout| {
            let at = Instant::now().duration_since(t0).as_secs_f64();
            log.lock().expect("log").push((label, n, at));
            let next = script.lock().expect("script").pop_front();
            ready(next.unwrap_or(Attempt::Permanent("script ran out")))
        })
        .await
}

fn times(log: &Log, label: &str) -> Vec<f64> {
    let log = log.lock().expect("log");
    log.iter()
        .filter(|(l, ..)| *l == label)
        .map(|(.., at)| *at)
        .collect()
}

#[tokio::test(start_paused = true)]
async fn backoff_doubles_between_retries() {
    let config = config();
    let driver = Driver::new(&config).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    let script = vec![
        unavailable(),
        unavailable(),
        unavailable(),
        Attempt::Done("ok"),
    ];
    let driven = scripted(&driver, "m", script, t0, &log)
        .await
        .expect("done");
    assert_eq!(driven.value, "ok");
    assert_eq!(driven.attempts, 4);
    assert_eq!(driven.rate_limited, 0);
    // Equal jitter at its top: 1 s, 2 s, 4 s.
    assert_eq!(times(&log, "m"), [0.0, 1.0, 3.0, 7.0]);
}

#[tokio::test(start_paused = true)]
async fn jitter_keeps_half_the_step() {
    let config = config();
    let driver = Driver::new(&config).jitter(|| 0.0);
    let (t0, log) = (Instant::now(), Log::default());
    let script = vec![unavailable(), unavailable(), Attempt::Done("ok")];
    scripted(&driver, "m", script, t0, &log)
        .await
        .expect("done");
    assert_eq!(times(&log, "m"), [0.0, 0.5, 1.5]);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_and_capped() {
    let config = config();
    let driver = Driver::new(&config).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    let hinted = Attempt::Retry {
        error: "unavailable",
        hint: Some(7 * S),
        rate_limited: false,
        cause: "server error",
    };
    scripted(&driver, "m", vec![hinted, Attempt::Done("ok")], t0, &log)
        .await
        .expect("done");
    assert_eq!(times(&log, "m"), [0.0, 7.0]);

    // A wait longer than `max_server_wait` (60 s) ends the call at once.
    let log = Log::default();
    let too_long = rate_limited(Some(3600 * S));
    let stopped = scripted(&driver, "m", vec![too_long], t0, &log).await;
    assert_eq!(
        stopped.expect_err("gave up"),
        Stopped::Failed("rate limited")
    );
    assert_eq!(times(&log, "m").len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_waits_at_least_an_interval_even_with_short_backoff() {
    let config = Config {
        interval: 2 * S,
        backoff_base: Duration::from_millis(100),
        ..config()
    };
    let driver = Driver::new(&config).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    let script = vec![rate_limited(None), unavailable(), Attempt::Done("ok")];
    let driven = scripted(&driver, "m", script, t0, &log)
        .await
        .expect("done");
    assert_eq!(driven.rate_limited, 1);
    // The 429 waits the interval (2 s); the 503 only its backoff (0.2 s), unpaced.
    let at = times(&log, "m");
    assert_eq!(at[..2], [0.0, 2.0]);
    assert!((at[2] - 2.2).abs() < 1e-9, "{at:?}");
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_pushes_the_lane_back_for_the_messages_behind() {
    let config = config();
    let (lane, backend) = (Lane::default(), Backend::Local);
    let pacing = Pacing {
        lane: &lane,
        backend: &backend,
        space: "S",
    };
    let driver = Driver::new(&config).paced(pacing).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    // The first message is told to wait 5 s, and its caller gives up after 1 s.
    let first = scripted(&driver, "a", vec![rate_limited(Some(5 * S))], t0, &log);
    assert!(tokio::time::timeout(S, first).await.is_err(), "cancelled");
    // The next message to the space still waits for the pushed-back slot.
    scripted(&driver, "b", vec![Attempt::Done("ok")], t0, &log)
        .await
        .expect("done");
    assert_eq!(times(&log, "a"), [0.0]);
    assert_eq!(times(&log, "b"), [5.0]);
}

#[tokio::test(start_paused = true)]
async fn the_budget_and_the_attempt_count_bound_the_retries() {
    let config = Config {
        total_budget: 10 * S,
        ..config()
    };
    let driver = Driver::new(&config).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    let always = (0..10).map(|_| unavailable()).collect();
    let stopped = scripted(&driver, "m", always, t0, &log).await;
    // 0, 1, 3, 7; the next wait (8 s) would end past the 10 s budget.
    assert_eq!(
        stopped.expect_err("out of budget"),
        Stopped::Failed("unavailable")
    );
    assert_eq!(times(&log, "m"), [0.0, 1.0, 3.0, 7.0]);

    let config = Config {
        max_attempts: 2,
        ..config
    };
    let driver = Driver::new(&config).jitter(full_jitter);
    let log = Log::default();
    let always = (0..10).map(|_| unavailable()).collect();
    let stopped = scripted(&driver, "m", always, t0, &log).await;
    assert_eq!(
        stopped.expect_err("attempts used up"),
        Stopped::Failed("unavailable")
    );
    assert_eq!(times(&log, "m").len(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_the_wait_for_the_lane() {
    let config = config();
    let (lane, backend) = (Lane::default(), Backend::Local);
    let pacing = Pacing {
        lane: &lane,
        backend: &backend,
        space: "S",
    };
    let slow = Driver::new(&config).paced(pacing).jitter(full_jitter);
    let hasty = Driver::new(&config)
        .paced(pacing)
        .deadline(Some(Instant::now() + 2 * S));
    let (t0, log) = (Instant::now(), Log::default());
    let retries = vec![unavailable(), unavailable(), Attempt::Done("ok")];
    let (first, second) = tokio::join!(
        scripted(&slow, "slow", retries, t0, &log),
        scripted(&hasty, "hasty", vec![Attempt::Done("ok")], t0, &log),
    );
    assert_eq!(first.expect("done").attempts, 3);
    assert_eq!(
        second.expect_err("timed out"),
        Stopped::OutOfTime { attempts: 0 }
    );
    assert!(times(&log, "hasty").is_empty());
}

#[tokio::test(start_paused = true)]
async fn permanent_errors_are_not_retried() {
    let config = config();
    let driver = Driver::new(&config);
    let (t0, log) = (Instant::now(), Log::default());
    let script = vec![Attempt::Permanent("rejected"), Attempt::Done("never")];
    let stopped = scripted(&driver, "m", script, t0, &log).await;
    assert_eq!(stopped.expect_err("rejected"), Stopped::Failed("rejected"));
    assert_eq!(times(&log, "m"), [0.0]);
}

#[tokio::test(start_paused = true)]
async fn again_repeats_at_the_next_turn_once_per_attempt_left() {
    let config = Config {
        max_attempts: 3,
        ..config()
    };
    let (lane, backend) = (Lane::default(), Backend::Local);
    let pacing = Pacing {
        lane: &lane,
        backend: &backend,
        space: "S",
    };
    let driver = Driver::new(&config).paced(pacing);
    let (t0, log) = (Instant::now(), Log::default());
    let script = vec![Attempt::Again("refused"), Attempt::Done("ok")];
    let driven = scripted(&driver, "m", script, t0, &log)
        .await
        .expect("done");
    assert_eq!(driven.attempts, 2);
    // No backoff, only the lane's interval.
    assert_eq!(times(&log, "m"), [0.0, 1.0]);

    let log = Log::default();
    let always = (0..5).map(|_| Attempt::Again("refused")).collect();
    let stopped = scripted(&driver, "m", always, t0, &log).await;
    assert_eq!(stopped.expect_err("refused"), Stopped::Failed("refused"));
    assert_eq!(times(&log, "m").len(), 3);
}

#[tokio::test(start_paused = true)]
async fn one_lane_is_fifo_and_paced() {
    let config = config();
    let (lane, backend) = (Lane::default(), Backend::Local);
    let pacing = Pacing {
        lane: &lane,
        backend: &backend,
        space: "S",
    };
    let driver = Driver::new(&config).paced(pacing).jitter(full_jitter);
    let (t0, log) = (Instant::now(), Log::default());
    let (a, b, c) = tokio::join!(
        scripted(
            &driver,
            "m0",
            vec![unavailable(), Attempt::Done("0")],
            t0,
            &log
        ),
        scripted(&driver, "m1", vec![Attempt::Done("1")], t0, &log),
        scripted(&driver, "m2", vec![Attempt::Done("2")], t0, &log),
    );
    assert_eq!([a, b, c].map(|r| r.expect("done").value), ["0", "1", "2"]);
    let order: Vec<_> = log.lock().expect("log").iter().map(|e| e.0).collect();
    // The first message holds the lane through its retry.
    assert_eq!(order, ["m0", "m0", "m1", "m2"]);
    assert_eq!(times(&log, "m0"), [0.0, 1.0]);
    assert_eq!(times(&log, "m1"), [2.0]);
    assert_eq!(times(&log, "m2"), [3.0]);
}

#[tokio::test(start_paused = true)]
async fn spaces_proceed_in_parallel() {
    let config = config();
    let backend = Backend::Local;
    let (lane_a, lane_b) = (Lane::default(), Lane::default());
    let on = |lane| {
        Driver::new(&config).paced(Pacing {
            lane,
            backend: &backend,
            space: "S",
        })
    };
    let (a, b) = (on(&lane_a), on(&lane_b));
    let (t0, log) = (Instant::now(), Log::default());
    let done = || vec![Attempt::Done("ok")];
    let results = tokio::join!(
        scripted(&a, "a", done(), t0, &log),
        scripted(&a, "a", done(), t0, &log),
        scripted(&b, "b", done(), t0, &log),
        scripted(&b, "b", done(), t0, &log),
    );
    assert!(results.0.is_ok() && results.1.is_ok() && results.2.is_ok() && results.3.is_ok());
    assert_eq!(times(&log, "a"), [0.0, 1.0]);
    assert_eq!(times(&log, "b"), [0.0, 1.0]);
}
