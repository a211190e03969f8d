//! The config file as operators meet it: the README's complete config is the example
//! under `examples/relay/`, and both read without a problem (templates compiled, every
//! route checked); the library serves its routes and refuses a broken reload.

use std::path::{Path, PathBuf};

use chat_card_relay::config::InboundAuth;
use chat_card_relay::route::RouteKind;
use chat_card_relay::{Relay, RelayConfig};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The first ```toml block after the heading `heading` in `text`.
fn toml_block_after(text: &str, heading: &str) -> String {
    let from = text.find(heading).expect("the README has the heading");
    let rest = &text[from..];
    let start = rest.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let len = rest[start..].find("```").expect("the block ends");
    rest[start..start + len].to_owned()
}

#[test]
fn the_readme_config_is_the_example_and_reads() {
    let readme = std::fs::read_to_string(repository().join("README.md")).expect("README");
    let block = toml_block_after(
        &readme,
        "## Run the relay for Alertmanager, Grafana and GitHub",
    );
    let example_path = repository().join("examples/relay/relay.toml");
    let example = std::fs::read_to_string(&example_path).expect("the example config");
    assert_eq!(
        block, example,
        "the README's config is examples/relay/relay.toml"
    );
    let config = RelayConfig::parse_without_secrets(&example_path, &block)
        .unwrap_or_else(|e| panic!("the README's config reads:\n{e}"));
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    let names: Vec<&str> = config.routes.keys().map(String::as_str).collect();
    assert_eq!(names, ["alerts", "github", "gitlab", "grafana"]);
    assert_eq!(config.routes["alerts"].kind, RouteKind::Alertmanager);
    assert!(matches!(
        config.routes["github"].auth,
        InboundAuth::GitHub(_)
    ));
    assert!(matches!(
        config.routes["gitlab"].auth,
        InboundAuth::GitLab(_)
    ));
    for name in ["github", "gitlab", "grafana"] {
        let template = config.routes[name].template.as_ref().expect("a template");
        assert!(template.path.is_file(), "{}", template.path.display());
    }
    // Served on 0.0.0.0: every route has an inbound check.
    config
        .check_exposure("0.0.0.0:8080".parse().expect("addr"))
        .expect("no open route");
}

#[tokio::test]
async fn a_started_relay_serves_its_routes_and_refuses_a_broken_reload() {
    let dir = std::env::temp_dir().join(format!("chat-card-config-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let text = "[spaces.s]\nwebhook_url = \"https://chat.googleapis.com/v1/spaces/AAAA/messages?key=K&token=T\"\n\
                [routes.a]\nkind = \"webhook\"\nspace = \"s\"\ninbound_auth = \"none\"\n";
    let config = RelayConfig::parse(dir.join("relay.toml"), text).expect("valid");
    let relay = Relay::builder(dir.join("state"))
        .listen("127.0.0.1:0".parse().expect("addr"))
        .config(config)
        .start()
        .await
        .expect("starts");
    assert_eq!(relay.routes(), ["a"]);
    // Open on a public address without saying so: refused, the old routes stay.
    let open = text.replace("inbound_auth = \"none\"\n", "");
    let reloaded = RelayConfig::parse(dir.join("relay.toml"), &open).expect("valid");
    assert!(
        relay.reload(reloaded).is_ok(),
        "loopback: an open route is allowed"
    );
    let second = format!(
        "{text}[routes.b]\nkind = \"alertmanager\"\nspace = \"s\"\ninbound_auth = \"none\"\nwait = \"1s\"\n"
    );
    let e =
        RelayConfig::parse(dir.join("relay.toml"), &second).expect_err("wait is not a route key");
    assert!(e.to_string().contains("`routes.b.wait`"), "{e}");
    let second = format!(
        "wait = \"1s\"\n{text}[routes.b]\nkind = \"alertmanager\"\nspace = \"s\"\ninbound_auth = \"none\"\n"
    );
    let done = relay
        .reload(RelayConfig::parse(dir.join("relay.toml"), &second).expect("valid"))
        .expect("reloaded");
    assert_eq!(done.routes, ["a", "b"]);
    assert_eq!(done.needs_restart, ["wait"]);
    assert_eq!(relay.routes(), ["a", "b"]);
    // A Chat API space without the relay's Chat app: refused, the routes stay.
    let api = "[spaces.app]\nspace = \"spaces/BBBB\"\n[routes.c]\nkind = \"json\"\nspace = \"app\"\ninbound_auth = \"none\"\n";
    let e = relay
        .reload(RelayConfig::parse(dir.join("relay.toml"), api).expect("valid"))
        .expect_err("refused");
    assert!(
        e.to_string()
            .contains("`spaces.app.space`: a Chat API space needs"),
        "{e}"
    );
    assert_eq!(relay.routes(), ["a", "b"]);
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
