//! `chat-card relay --config` as a process against the fake Chat space (and real
//! Alertmanagers), on 127.0.0.1 only: routes with inbound checks, custom and broken
//! templates, de-duplication of two unclustered Alertmanagers, `relay render` byte for
//! byte against what the space received, SIGHUP reload, and no secret in any log line
//! (every relay here logs at `trace`).

mod relay_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chat_card_test_support::alertmanager::{self, Alertmanager, Receiver};
use chat_card_test_support::needs_alertmanager;
use hmac::{KeyInit, Mac};
use relay_support::*;
use serde_json::Value;

/// The bearer token Alertmanager and the tests send to the `alerts` route.
const ROUTE_TOKEN: &str = "route-token-5f1e9a7c";
/// GitHub's signing secret of the `github` route.
const GITHUB_SECRET: &str = "gh-secret-2b8d41e0";
/// The environment variable holding the space's webhook URL.
const URL_ENV: &str = "CHAT_CARD_TEST_OPS_WEBHOOK";

/// A custom Alertmanager template: one text line per message, every value escaped for
/// card text.
const ALERT_TEMPLATE: &str = r#"{%- set a = alerts[0] -%}
{"text": {{ ("[" ~ (payload.status | upper) ~ "] " ~ a.labels.alertname ~ ": " ~ (a.labels.detail if a.labels.detail is defined else a.annotations.summary)) | card_html }}}
"#;

/// A template with a bug: the field does not exist, and variables are strict.
const BUGGY_TEMPLATE: &str = "{\"text\": {{ payload.no_such_field.deeper }}}\n";

/// The example templates of the repository.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/relay/templates")
}

/// A test's folder with `relay.toml` and its templates, and the fake space's secrets.
struct Setup {
    dir: PathBuf,
    config: PathBuf,
    webhook_url: String,
    secrets: Vec<String>,
}

impl Setup {
    fn new(name: &str, fake: &chat_card_fake_space::FakeSpace, routes: &str) -> Setup {
        let dir = temp_dir(name);
        std::fs::write(dir.join("alert.json.j2"), ALERT_TEMPLATE).expect("template");
        std::fs::write(dir.join("buggy.json.j2"), BUGGY_TEMPLATE).expect("template");
        std::fs::write(dir.join("route-token"), format!("{ROUTE_TOKEN}\n")).expect("token");
        let webhook_url = fake.webhook_url_with_credentials("AAAA");
        let url = url::Url::parse(&webhook_url).expect("url");
        let mut secrets: Vec<String> = url
            .query_pairs()
            .filter(|(k, _)| k == "key" || k == "token")
            .map(|(_, v)| v.into_owned())
            .collect();
        assert_eq!(secrets.len(), 2);
        secrets.extend([ROUTE_TOKEN.to_owned(), GITHUB_SECRET.to_owned()]);
        let config = dir.join("relay.toml");
        let text = format!("[spaces.ops]\nwebhook_url_env = \"{URL_ENV}\"\n\n{routes}");
        std::fs::write(&config, text).expect("config");
        Setup {
            dir,
            config,
            webhook_url,
            secrets,
        }
    }

    fn start(&self, fake: &chat_card_fake_space::FakeSpace) -> RelayProcess {
        RelayProcess::start_with_env(
            &self.dir,
            &format!("http://{}", fake.local_addr()),
            &[
                "--config",
                self.config.to_str().expect("utf-8"),
                "--per-space-interval-ms",
                "100",
            ],
            &[
                (URL_ENV, self.webhook_url.as_str()),
                ("CHAT_CARD_TEST_GITHUB_SECRET", GITHUB_SECRET),
                ("RUST_LOG", "trace"),
            ],
        )
    }

    /// Fails when any secret shows in `text`.
    fn assert_no_secret(&self, what: &str, text: &str) {
        for secret in &self.secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows a secret ({} chars): {text}",
                secret.len()
            );
        }
    }
}

const ALERTS_ROUTE: &str = r#"
[routes.alerts]
kind = "alertmanager"
space = "ops"
template = "alert.json.j2"
inbound_token_file = "route-token"

[routes.buggy]
kind = "alertmanager"
space = "ops"
template = "buggy.json.j2"
inbound_auth = "none"
"#;

/// `chat-card relay render` for a route and a payload file: exit code, stdout, stderr.
fn render(config: &Path, route: &str, payload: &Path) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(["relay", "render", "--config"])
        .arg(config)
        .args(["--route", route, "--payload"])
        .arg(payload)
        .env_remove(URL_ENV)
        .output()
        .expect("render runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks that a delivered message is exactly `line` (the fake space keeps the parsed
/// body and its size: both must match).
fn assert_same_body(line: &str, delivered: &chat_card_fake_space::ReceivedMessage) {
    let body = line.strip_suffix('\n').expect("a line");
    assert_eq!(delivered.bytes, body.len(), "{body}");
    let parsed: Value = serde_json::from_str(body).expect("json");
    assert_eq!(parsed, delivered.body);
    assert_eq!(serde_json::to_string(&delivered.body).expect("json"), body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn render_prints_what_the_space_receives_and_a_broken_template_falls_back() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let setup = Setup::new("render", &fake, ALERTS_ROUTE);
    let relay = setup.start(&fake);
    let client = client();
    let payload = setup.dir.join("firing.json");
    std::fs::write(&payload, FIRING).expect("payload");
    let r = client
        .post(format!("{}/hooks/alerts", relay.base()))
        .bearer_auth(ROUTE_TOKEN)
        .body(FIRING)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    wait_until(Duration::from_secs(10), "the delivery", || {
        fake.deliveries().len() == 1
    })
    .await;
    let (code, stdout, stderr) = render(&setup.config, "alerts", &payload);
    assert_eq!(code, 0, "{stderr}");
    let delivered = fake.deliveries();
    assert_same_body(&stdout, &delivered[0]);
    assert_eq!(delivered[0].body["text"], "[FIRING] DiskFull: 92% used");
    setup.assert_no_secret("render output", &(stdout + &stderr));

    // The broken template: the built-in card goes out, the failure is logged and counted.
    let other_group = FIRING.replace("DiskFull\\\"}", "DiskFull2\\\"}");
    let r = client
        .post(format!("{}/hooks/buggy", relay.base()))
        .body(other_group.clone())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    wait_until(Duration::from_secs(10), "the fallback", || {
        fake.deliveries().len() == 2
    })
    .await;
    let fallback = &fake.deliveries()[1];
    assert_eq!(fallback.body["cardsV2"][0]["cardId"], "alertmanager");
    let logs = relay.logs();
    assert!(
        logs.contains("template failed") && logs.contains("buggy.json.j2 line=1"),
        "{logs}"
    );
    let metrics = metrics(&client, &relay).await;
    assert!(
        metrics.contains("chat_card_relay_template_failures_total{route=\"buggy\"} 1"),
        "{metrics}"
    );
    std::fs::write(&payload, &other_group).expect("payload");
    let (code, stdout, stderr) = render(&setup.config, "buggy", &payload);
    assert_eq!(code, 1, "a fallback exits 1: {stderr}");
    assert!(stderr.contains("fallback"), "{stderr}");
    assert_same_body(&stdout, fallback);
    setup.assert_no_secret("the log", &relay.logs());
    setup.assert_no_secret("/metrics", &metrics);
    drop(relay);
    let _ = std::fs::remove_dir_all(&setup.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbound_checks_answer_401_and_queue_nothing() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let routes = format!(
        "{ALERTS_ROUTE}
[routes.github]
kind = \"json\"
space = \"ops\"
template = \"{}\"
inbound_auth = \"github\"
inbound_secret_env = \"CHAT_CARD_TEST_GITHUB_SECRET\"
",
        examples().join("github-workflow-run.json.j2").display()
    );
    let setup = Setup::new("inbound", &fake, &routes);
    let relay = setup.start(&fake);
    let client = client();
    let alerts = format!("{}/hooks/alerts", relay.base());
    for token in [None, Some("wrong"), Some("")] {
        let mut post = client.post(&alerts).body(FIRING);
        if let Some(t) = token {
            post = post.bearer_auth(t);
        }
        let r = post.send().await.expect("post");
        assert_eq!(r.status(), 401, "{token:?}");
        let body = read_json(r).await;
        assert_eq!(body["error"]["status"], "UNAUTHENTICATED", "{body}");
        assert_eq!(body["error"]["code"], 401, "{body}");
    }
    let github = format!("{}/hooks/github", relay.base());
    let payload = std::fs::read(examples().join("github-workflow-run.payload.json"))
        .expect("the example payload");
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(GITHUB_SECRET.as_bytes()).expect("hmac key");
    mac.update(&payload);
    let good: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let wrong = format!("sha256={}", "0".repeat(64));
    for signature in [None, Some(wrong.as_str()), Some("sha1=abc")] {
        let mut post = client
            .post(&github)
            .header("x-github-event", "workflow_run")
            .body(payload.clone());
        if let Some(s) = signature {
            post = post.header("x-hub-signature-256", s);
        }
        let r = post.send().await.expect("post");
        assert_eq!(r.status(), 401, "{signature:?}");
    }
    assert_eq!(queued(&client, &relay).await, 0);
    assert!(fake.deliveries().is_empty());
    let m = metrics(&client, &relay).await;
    assert!(m.contains("chat_card_relay_accepted_total 0"), "{m}");

    // The right credentials pass, and the json route renders GitHub's example.
    let r = client
        .post(&github)
        .header("x-github-event", "workflow_run")
        .header("x-hub-signature-256", format!("sha256={good}"))
        .body(payload.clone())
        .send()
        .await
        .expect("post");
    assert!(matches!(r.status().as_u16(), 200 | 202), "{:?}", r.status());
    let r = client
        .post(&alerts)
        .bearer_auth(ROUTE_TOKEN)
        .body(FIRING)
        .send()
        .await
        .expect("post");
    assert!(matches!(r.status().as_u16(), 200 | 202), "{:?}", r.status());
    wait_until(Duration::from_secs(10), "two deliveries", || {
        fake.deliveries().len() == 2
    })
    .await;
    let delivered = fake.deliveries();
    let card = &delivered[0].body["cardsV2"][0];
    assert_eq!(card["cardId"], "github-workflow-run", "{card}");
    let title = card["card"]["header"]["title"].as_str().expect("title");
    assert!(
        title.contains("COMPLETED") || title.contains("SUCCESS"),
        "{title}"
    );
    setup.assert_no_secret("the log", &relay.logs());
    drop(relay);
    let _ = std::fs::remove_dir_all(&setup.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_swaps_the_routes_and_keeps_them_when_the_new_config_is_broken() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let setup = Setup::new("reload", &fake, ALERTS_ROUTE);
    let relay = setup.start(&fake);
    let client = client();
    let hook = |route: &str| format!("{}/hooks/{route}", relay.base());
    let hup = || {
        let status = Command::new("kill")
            .args(["-HUP", &relay.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    };
    let first = std::fs::read_to_string(&setup.config).expect("config");
    // Broken: an unknown key. Refused, logged, and the old routes stay.
    std::fs::write(
        &setup.config,
        first.replace(
            "kind = \"alertmanager\"",
            "kind = \"alertmanager\"\nthreadng = \"alert\"",
        ),
    )
    .expect("config");
    hup();
    wait_until(Duration::from_secs(10), "the refusal in the log", || {
        relay.logs().contains("the new config is refused")
    })
    .await;
    let logs = relay.logs();
    assert!(logs.contains("did you mean `threading`"), "{logs}");
    let r = client
        .post(hook("buggy"))
        .body(FIRING)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    // Valid: a new route, one gone, and a global key that waits for a restart.
    let second = format!(
        "wait = \"3s\"\n{}\n[routes.plain]\nkind = \"webhook\"\nspace = \"ops\"\ninbound_auth = \"none\"\n",
        first.replace("[routes.buggy]", "[routes.buggy_gone]")
    );
    std::fs::write(&setup.config, second).expect("config");
    hup();
    wait_until(Duration::from_secs(10), "the reload in the log", || {
        relay.logs().contains("config reloaded")
    })
    .await;
    assert!(relay.logs().contains("`wait` changed in the config file"));
    let r = client
        .post(hook("plain"))
        .header("content-type", "application/json")
        .body(r#"{"text": "after the reload"}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    let r = client
        .post(hook("buggy"))
        .body(FIRING)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 404);
    wait_until(Duration::from_secs(10), "the deliveries", || {
        fake.deliveries().len() == 2
    })
    .await;
    assert_eq!(fake.deliveries()[1].body["text"], "after the reload");
    setup.assert_no_secret("the log", &relay.logs());
    drop(relay);
    let _ = std::fs::remove_dir_all(&setup.dir);
}

#[test]
fn open_routes_are_refused_on_a_public_address_and_errors_name_the_place() {
    let dir = temp_dir("open-route");
    let config = dir.join("relay.toml");
    std::fs::write(
        &config,
        "[spaces.s]\nspace = \"spaces/AAAA\"\n[routes.open]\nkind = \"webhook\"\nspace = \"s\"\n",
    )
    .expect("config");
    let run = |extra: &[&str]| {
        Command::new(BIN)
            .args(["relay", "--config"])
            .arg(&config)
            .arg("--state")
            .arg(dir.join("state"))
            .args(extra)
            .output()
            .expect("runs")
    };
    let out = run(&["--listen", "0.0.0.0:0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("relay.toml:3:9: `routes.open`"), "{stderr}");
    assert!(stderr.contains("inbound_auth = \"none\""), "{stderr}");
    // On loopback the same route passes that check; the Chat API space needs a key.
    let out = run(&["--listen", "127.0.0.1:0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`spaces.s.space`: a Chat API space needs"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_printed_default_template_renders_like_the_built_in_layout_and_draws() {
    let dir = temp_dir("default-template");
    let out = Command::new(BIN)
        .args(["relay", "template", "--default", "alertmanager"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(dir.join("copy.json.j2"), &out.stdout).expect("template");
    let config = dir.join("relay.toml");
    std::fs::write(
        &config,
        "[spaces.s]\nwebhook_url_env = \"CHAT_CARD_TEST_UNSET_WEBHOOK\"\n\
         [routes.builtin]\nkind = \"alertmanager\"\nspace = \"s\"\ninbound_auth = \"none\"\n\
         [routes.copy]\nkind = \"alertmanager\"\nspace = \"s\"\ntemplate = \"copy.json.j2\"\ninbound_auth = \"none\"\n",
    )
    .expect("config");
    let run = |route: &str, extra: &[&str]| {
        Command::new(BIN)
            .args(["relay", "render", "--config"])
            .arg(&config)
            .args(["--route", route, "--sample", "resolved"])
            .args(extra)
            .env_remove("CHAT_CARD_TEST_UNSET_WEBHOOK")
            .output()
            .expect("render runs")
    };
    let page = dir.join("page.html");
    let builtin = run("builtin", &["--html", page.to_str().expect("utf-8")]);
    let copy = run("copy", &[]);
    assert_eq!(builtin.status.code(), Some(0), "{:?}", builtin);
    assert_eq!(copy.status.code(), Some(0), "{:?}", copy);
    assert_eq!(builtin.stdout, copy.stdout);
    let text = String::from_utf8(builtin.stdout).expect("utf-8");
    assert!(text.contains("RESOLVED"), "{text}");
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.contains("DiskFull"), "{html}");
    // An unknown route names the ones there are.
    let out = run("nope", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no route `nope`; the routes are: builtin, copy"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_win_over_the_file() {
    let fake = fake_space(Duration::from_millis(100)).await;
    // The file's address cannot be bound here and its state folder is elsewhere: the
    // relay starts on the flags' (`--listen 127.0.0.1:0`, `--state`).
    let routes =
        format!("listen = \"203.0.113.1:9\"\nstate = \"elsewhere\"\nwait = \"2h\"\n{ALERTS_ROUTE}");
    let setup = Setup::new("flags", &fake, "");
    let text = std::fs::read_to_string(&setup.config).expect("config");
    std::fs::write(&setup.config, format!("{routes}{text}")).expect("config");
    // `wait` over an hour is refused, naming the file…
    let out = Command::new(BIN)
        .args(["relay", "--config"])
        .arg(&setup.config)
        .env(URL_ENV, &setup.webhook_url)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("relay.toml: `wait` must be at most 1h"),
        "{stderr}"
    );
    // …and `--wait` wins over it.
    let relay = RelayProcess::start_with_env(
        &setup.dir,
        &format!("http://{}", fake.local_addr()),
        &[
            "--config",
            setup.config.to_str().expect("utf-8"),
            "--wait",
            "1",
        ],
        &[(URL_ENV, setup.webhook_url.as_str())],
    );
    assert!(relay.addr.starts_with("127.0.0.1:"), "{}", relay.addr);
    assert!(setup.dir.join("state").is_dir());
    assert!(!setup.dir.join("elsewhere").exists());
    drop(relay);
    let _ = std::fs::remove_dir_all(&setup.dir);
}

/// The alert whose label holds what could break JSON or card markup.
const HOSTILE_DETAIL: &str = "a \"quoted\" <b>bold</b> & more\nsecond line <users/all>";

needs_alertmanager! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_unclustered_alertmanagers_notify_once_per_state_in_one_thread() {
        let fake = fake_space(Duration::from_millis(100)).await;
        let setup = Setup::new("alertmanager", &fake, ALERTS_ROUTE);
        let relay = setup.start(&fake);
        let url = format!("{}/hooks/alerts", relay.base());
        let buggy = format!("{}/hooks/buggy", relay.base());
        let yaml = alertmanager::config_for(&[
            Receiver::new(&url, Some(ROUTE_TOKEN)),
            Receiver::new(&buggy, None),
        ]);
        let test = "two_alertmanagers";
        let (Some(one), Some(two)) = (
            Alertmanager::start(&format!("{test}-1"), &yaml),
            Alertmanager::start(&format!("{test}-2"), &yaml),
        ) else {
            return;
        };
        let labels = serde_json::json!({
            "alertname": "DiskFull",
            "instance": "db-1",
            "detail": HOSTILE_DETAIL,
        });
        let ends = alertmanager::rfc3339_after(Duration::from_secs(5));
        let alerts = format!(
            "[{}]",
            alertmanager::alert(&labels.to_string(), r#"{"summary": "disk full"}"#, Some(&ends))
        );
        for am in [&one, &two] {
            am.post_alerts(&alerts).expect("alerts posted");
        }
        // Each Alertmanager sends the firing and the resolved notification to both routes.
        let sent = |am: &Alertmanager| am.logs().matches("Notify success").count();
        wait_until(Duration::from_secs(40), "eight notifications", || {
            sent(&one) >= 4 && sent(&two) >= 4 && fake.deliveries().len() >= 4
        })
        .await;
        // Give a late duplicate the time to arrive, were it going to be delivered.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (delivered, fallbacks): (Vec<_>, Vec<_>) = fake
            .deliveries()
            .into_iter()
            .partition(|d| d.body.get("text").is_some());
        // The broken template's route got the built-in card, once per state.
        assert_eq!(fallbacks.len(), 2, "{fallbacks:?}");
        for card in &fallbacks {
            assert_eq!(card.body["cardsV2"][0]["cardId"], "alertmanager", "{}", card.body);
        }
        let client = client();
        let metrics = metrics(&client, &relay).await;
        let failures = metrics
            .lines()
            .find_map(|l| l.strip_prefix("chat_card_relay_template_failures_total{route=\"buggy\"} "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0);
        assert!(failures >= 2, "{metrics}");
        assert!(relay.logs().contains("buggy.json.j2 line=1"));
        setup.assert_no_secret("/metrics", &metrics);
        let texts: Vec<&str> = delivered
            .iter()
            .map(|d| d.body["text"].as_str().expect("text"))
            .collect();
        assert_eq!(delivered.len(), 2, "{texts:?}");
        assert!(texts[0].starts_with("[FIRING] DiskFull: "), "{texts:?}");
        assert!(texts[1].starts_with("[RESOLVED] DiskFull: "), "{texts:?}");
        assert_eq!(delivered[0].thread_name, delivered[1].thread_name);
        // The label arrives as text: escaped for card markup, the JSON intact.
        assert!(
            texts[0].ends_with(
                "a \"quoted\" &lt;b&gt;bold&lt;/b&gt; &amp; more\nsecond line &lt;users/all&gt;"
            ),
            "{}",
            texts[0]
        );
        for d in &delivered {
            let bytes = serde_json::to_vec(&d.body).expect("json");
            let checked = chat_card::check::check_message_body(&bytes).expect("a valid message");
            assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
        }
        let logs = relay.logs();
        assert!(logs.contains("duplicate"), "{logs}");
        setup.assert_no_secret("the log", &logs);
        drop(relay);
        let _ = std::fs::remove_dir_all(&setup.dir);
    }
}
