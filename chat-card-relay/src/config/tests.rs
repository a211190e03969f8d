//! The config file's checks: every problem with its place, key and fix; secrets never in
//! errors or `Debug`.

use super::*;
use crate::route::Threading;

fn parse(text: &str) -> Result<RelayConfig, ConfigError> {
    RelayConfig::parse("/etc/relay/relay.toml", text)
}

fn error(text: &str) -> String {
    parse(text).expect_err("refused").to_string()
}

const URL: &str =
    "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYSECRET&token=TOKSECRET";

#[test]
fn a_complete_file_reads() {
    // SAFETY of the test: the variable names are unique to this test.
    let text = format!(
        r#"
listen = "0.0.0.0:9000"
state = "state"
wait = "2s"
max_queue = 50
dead_letter_max_age = "7d"

[spaces.ops]
webhook_url = "{URL}"

[spaces.app]
space = "spaces/BBBB"

[routes.alerts]
kind = "alertmanager"
space = "ops"
threading = "group_daily"
max_alerts_per_message = 5
dedup_window = "90s"
inbound_auth = "none"
"#
    );
    let c = parse(&text).expect("valid");
    assert_eq!(c.listen, Some("0.0.0.0:9000".parse().expect("addr")));
    assert_eq!(c.state, Some(PathBuf::from("/etc/relay/state")));
    assert_eq!(c.wait, Some(Duration::from_secs(2)));
    assert_eq!(c.max_queue, Some(50));
    assert_eq!(c.dead_letter_max_age, Some(Duration::from_secs(7 * 86_400)));
    let route = &c.routes["alerts"];
    assert_eq!(route.kind, RouteKind::Alertmanager);
    assert_eq!(route.options.threading, Threading::GroupDaily);
    assert_eq!(route.options.max_alerts_per_message, 5);
    assert_eq!(route.options.dedup_window, Duration::from_secs(90));
    assert_eq!(route.auth, InboundAuth::None { explicit: true });
    match &c.spaces["ops"] {
        SpaceConfig::Webhook {
            space_id,
            key,
            token,
        } => {
            assert_eq!(space_id, "AAAA");
            assert_eq!((key.expose(), token.expose()), ("KEYSECRET", "TOKSECRET"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.spaces["app"].space_id(), "BBBB");
    // The inline URL is a secret in the file: warned about, never shown.
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].to_string().contains("spaces.ops.webhook_url"));
    let debug = format!("{c:?}");
    assert!(!debug.contains("SECRET"), "{debug}");
    assert!(c.check_exposure("0.0.0.0:1".parse().expect("addr")).is_ok());
}

#[test]
fn unknown_keys_name_the_place_and_the_near_key() {
    let e = error("[routes.a]\nkind = \"json\"\nthreadng = \"alert\"\n");
    assert!(
        e.starts_with("/etc/relay/relay.toml:3:1: `routes.a.threadng`:"),
        "{e}"
    );
    assert!(e.contains("did you mean `threading`?"), "{e}");
    let e = error("wiat = \"1s\"\n");
    assert!(e.contains(":1:1: `wiat`"), "{e}");
    assert!(e.contains("did you mean `wait`?"), "{e}");
}

#[test]
fn values_are_checked_with_a_fix() {
    let e = error("wait = \"ten seconds\"\n");
    assert!(
        e.starts_with("/etc/relay/relay.toml:1:8: `wait`: not a duration"),
        "{e}"
    );
    assert!(e.contains("\"5m\""), "{e}");
    let e = error("max_queue = \"10\"\n");
    assert!(e.contains(":1:13: `max_queue`: invalid type"), "{e}");
    let e = error("max_queue = 0\n");
    assert!(
        e.contains("`max_queue`: must be a whole number of at least 1"),
        "{e}"
    );
    let e = error("listen = \"localhost\"\n");
    assert!(e.contains("`listen`: not an address"), "{e}");
    let e = error(&format!(
        "[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.r]\nkind = \"alertmanger\"\nspace = \"s\"\ninbound_auth = \"none\"\n"
    ));
    assert!(e.contains(":4:8: `routes.r.kind`"), "{e}");
    assert!(e.contains("did you mean \"alertmanager\"?"), "{e}");
    let e = error(
        "[routes.r]\nkind = \"json\"\nspace = \"opps\"\n[spaces.ops]\nspace = \"spaces/A\"\n",
    );
    assert!(
        e.contains("`routes.r.space`: no [spaces.opps] table; did you mean \"ops\"?"),
        "{e}"
    );
    let e = error("[routes.\"a b\"]\nkind = \"json\"\n");
    assert!(e.contains("`routes.a b`: a name may only hold"), "{e}");
    let e = error("listen = \n");
    assert!(e.contains("fix the TOML syntax"), "{e}");
}

#[test]
fn webhook_urls_never_show_in_errors() {
    let bad = "http://example.com/v1/spaces/AAAA/messages?key=KEYSECRET&token=TOKSECRET";
    let e = error(&format!("[spaces.s]\nwebhook_url = \"{bad}\"\n"));
    assert!(
        e.contains("`spaces.s.webhook_url`: the webhook URL is invalid"),
        "{e}"
    );
    assert!(!e.contains("SECRET"), "{e}");
    let e = error("[spaces.s]\nwebhook_url_env = \"CHAT_CARD_TEST_SURELY_UNSET_VAR\"\n");
    assert!(e.contains("`spaces.s.webhook_url_env`: the environment variable `CHAT_CARD_TEST_SURELY_UNSET_VAR` is not set"), "{e}");
    let e = error("[spaces.s]\n");
    assert!(
        e.contains("`spaces.s`: the space says nowhere to post"),
        "{e}"
    );
}

#[test]
fn secrets_come_from_files_relative_to_the_config() {
    let dir = std::env::temp_dir().join(format!("chat-card-config-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("secrets")).expect("dir");
    std::fs::write(dir.join("secrets/url"), format!("{URL}\n")).expect("write");
    std::fs::write(dir.join("secrets/gh"), "  ghsecret \n").expect("write");
    std::fs::write(dir.join("t.j2"), "{\"text\": {{ payload.x }}}").expect("write");
    let text = r#"
[spaces.s]
webhook_url_file = "secrets/url"
[routes.gh]
kind = "json"
space = "s"
template = "t.j2"
inbound_auth = "github"
inbound_secret_file = "secrets/gh"
"#;
    let c = RelayConfig::parse(dir.join("relay.toml"), text).expect("valid");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let route = &c.routes["gh"];
    assert_eq!(route.auth, InboundAuth::GitHub(Secret::new("ghsecret")));
    let template = route.template.as_ref().expect("template");
    assert_eq!(template.path, dir.join("t.j2"));
    assert!(template.template.source().contains("payload.x"));
    let e = RelayConfig::parse(dir.join("relay.toml"), &text.replace("t.j2", "missing.j2"))
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains(":7:12: `routes.gh.template`: cannot read the template"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inbound_checks_need_their_secrets() {
    let base = format!(
        "[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.r]\nkind = \"alertmanager\"\nspace = \"s\"\n"
    );
    let e = error(&format!("{base}inbound_auth = \"github\"\n"));
    assert!(
        e.contains("`routes.r.inbound_secret_env`: inbound_auth = \"github\" needs"),
        "{e}"
    );
    let e = error(&format!("{base}inbound_secret_env = \"X\"\n"));
    assert!(e.contains("add `inbound_auth = \"github\"`"), "{e}");
    let e = error(&format!(
        "{base}inbound_auth = \"none\"\ninbound_token_file = \"t\"\n"
    ));
    assert!(e.contains("inbound_auth = \"none\" reads no secret"), "{e}");
    let e = error(&format!("{base}inbound_auth = \"basic\"\n"));
    assert!(e.contains("`routes.r.inbound_user`"), "{e}");
}

#[test]
fn open_routes_are_refused_on_public_addresses_unless_declared() {
    let text = format!(
        "[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.open]\nkind = \"webhook\"\nspace = \"s\"\n"
    );
    let c = parse(&text).expect("valid");
    assert_eq!(c.routes["open"].auth, InboundAuth::None { explicit: false });
    assert!(
        c.check_exposure("127.0.0.1:8080".parse().expect("addr"))
            .is_ok()
    );
    assert!(
        c.check_exposure("[::1]:8080".parse().expect("addr"))
            .is_ok()
    );
    let e = c
        .check_exposure("0.0.0.0:8080".parse().expect("addr"))
        .expect_err("refused")
        .to_string();
    assert!(
        e.starts_with("/etc/relay/relay.toml:3:9: `routes.open`:"),
        "{e}"
    );
    assert!(
        e.contains("inbound_auth = \\\"none\\\"") || e.contains("inbound_auth = \"none\""),
        "{e}"
    );
}

#[test]
fn templates_are_refused_on_webhook_routes() {
    let e = error(&format!(
        "[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.r]\nkind = \"webhook\"\nspace = \"s\"\ntemplate = \"x\"\ninbound_auth = \"none\"\n"
    ));
    assert!(
        e.contains("`routes.r.template`: a `webhook` route posts"),
        "{e}"
    );
}

#[test]
fn a_builder_with_a_config_shows_no_secret() {
    let text = format!(
        "ops_token_file = \"/dev/null\"\n[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.r]\nkind = \"webhook\"\nspace = \"s\"\ninbound_auth = \"basic\"\ninbound_user = \"am\"\ninbound_password_env = \"PATH\"\n"
    );
    // /dev/null is empty: refused, and the error says so without a value.
    let e = parse(&text).expect_err("empty token").to_string();
    assert!(e.contains("`ops_token_file`: the secret is empty"), "{e}");
    let c = parse(&text.replace("ops_token_file = \"/dev/null\"\n", "")).expect("valid");
    let path = std::env::var("PATH").expect("PATH is set");
    let shown = format!("{:?}", crate::Relay::builder("/tmp/unused").config(c));
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(!shown.contains(&path), "{shown}");
    let e = error(&format!(
        "[spaces.s]\nwebhook_url = \"{URL}\"\n[routes.r]\nkind = \"webhook\"\nspace = \"s\"\ninbound_user = \"am\"\ninbound_auth = \"none\"\n"
    ));
    assert!(
        e.contains("`routes.r.inbound_user`: an inbound user is only read"),
        "{e}"
    );
}

#[test]
fn queue_keys_are_the_queue_flags_defaults() {
    let c = parse(
        "queue = \"redis\"\nqueue_durability = \"everysec\"\nqueue_replicas = 1\nqueue_lease = \"20s\"\n",
    )
    .expect("valid");
    assert_eq!(c.queue.as_deref(), Some("redis"));
    assert_eq!(c.queue_durability.as_deref(), Some("everysec"));
    assert_eq!(c.queue_replicas, Some(1));
    assert_eq!(c.queue_lease, Some(Duration::from_secs(20)));
    let e = error("queue = \"postgres\"\n");
    assert!(
        e.contains(":1:9: `queue`: unknown value \"postgres\""),
        "{e}"
    );
    let e = error("queue_durability = \"alway\"\n");
    assert!(e.contains("did you mean \"always\"?"), "{e}");
    let e = error("queue_replicas = -1\n");
    assert!(
        e.contains("`queue_replicas`: must be a whole number"),
        "{e}"
    );
}

#[test]
fn listener_limits_and_log_json_are_the_flags_defaults() {
    let c = parse(
        "header_read_timeout = \"5s\"\nbody_read_timeout = \"7s\"\nrequest_timeout = \"1m\"\n\
         idle_timeout = \"2m\"\nmax_connections = 64\nlog_json = true\n",
    )
    .expect("valid");
    assert_eq!(c.header_read_timeout, Some(Duration::from_secs(5)));
    assert_eq!(c.body_read_timeout, Some(Duration::from_secs(7)));
    assert_eq!(c.request_timeout, Some(Duration::from_secs(60)));
    assert_eq!(c.idle_timeout, Some(Duration::from_secs(120)));
    assert_eq!(c.max_connections, Some(64));
    assert_eq!(c.log_json, Some(true));
    // The builder takes them over its limits; the keys left out keep the builder's.
    let limits = crate::Relay::builder("/tmp/unused")
        .config(parse("max_connections = 3\nidle_timeout = \"9s\"\n").expect("valid"))
        .limits;
    let defaults = chat_card::serve::ServeLimits::default();
    assert_eq!(limits.max_connections, 3);
    assert_eq!(limits.idle_timeout, Duration::from_secs(9));
    assert_eq!(limits.header_read_timeout, defaults.header_read_timeout);
    assert_eq!(limits.request_timeout, defaults.request_timeout);
    // Nothing given, nothing set.
    let c = parse("").expect("valid");
    assert_eq!(
        (c.header_read_timeout, c.max_connections, c.log_json),
        (None, None, None)
    );
}

#[test]
fn listener_limits_are_checked_with_their_place() {
    let e = error("\nheader_read_timeout = \"0s\"\n");
    assert!(
        e.starts_with("/etc/relay/relay.toml:2:23: `header_read_timeout`: must be more than 0"),
        "{e}"
    );
    let e = error("idle_timeout = \"2h\"\n");
    assert!(
        e.contains(":1:16: `idle_timeout`: must be more than 0 and at most 1h"),
        "{e}"
    );
    let e = error("request_timeout = \"soon\"\n");
    assert!(
        e.contains(":1:19: `request_timeout`: not a duration"),
        "{e}"
    );
    let e = error("body_read_timeout = 10\n");
    assert!(
        e.contains(":1:21: `body_read_timeout`: invalid type"),
        "{e}"
    );
    let e = error("max_connections = 0\n");
    assert!(
        e.contains(":1:19: `max_connections`: must be a whole number of at least 1"),
        "{e}"
    );
    let e = error("log_json = \"yes\"\n");
    assert!(e.contains(":1:12: `log_json`: invalid type"), "{e}");
    // Misspelt, they are suggested like every other key.
    let e = error("max_conections = 8\n");
    assert!(e.contains("did you mean `max_connections`?"), "{e}");
    let e = error("header_read_timout = \"5s\"\n");
    assert!(e.contains("did you mean `header_read_timeout`?"), "{e}");
    let e = error("logjson = true\n");
    assert!(e.contains("did you mean `log_json`?"), "{e}");
}
