//! `chat-card send` and `chat-card fake-space` as processes, on 127.0.0.1 only.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chat_card_fake_space::FakeSpace;

const BIN: &str = env!("CARGO_BIN_EXE_chat-card");

fn send(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("send")
        .args(args)
        .env_remove("CHAT_WEBHOOK_URL")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-card-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write");
    path
}

#[test]
fn sends_text_files_json_lines_and_stdin() {
    let fake = FakeSpace::start_blocking().expect("fake");
    let url = fake.webhook_url_with_credentials("AAAA");

    let out = send(&["--webhook", &url, "--text", "hello"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    let (name, thread) = line.trim().split_once('\t').expect("name<TAB>thread");
    assert!(name.starts_with("spaces/AAAA/messages/"), "{line}");
    assert!(thread.starts_with("spaces/AAAA/threads/"), "{line}");

    let lines = temp_file(
        "alerts.jsonl",
        "{\"text\":\"one\"}\n\n{\"text\":\"two\"}\n{\"text\":\"three\"}\n",
    );
    let out = send(&[
        "--webhook",
        &url,
        "--thread-key",
        "incident-7",
        lines.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(printed.len(), 3);
    let threads: Vec<&str> = printed
        .iter()
        .filter_map(|l| l.split_once('\t').map(|(_, t)| t))
        .collect();
    assert!(
        threads.iter().all(|t| *t == threads[0]),
        "one thread: {threads:?}"
    );

    let mut child = Command::new(BIN)
        .args(["send", "-"])
        .env("CHAT_WEBHOOK_URL", &url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\n  \"text\": \"from stdin\"\n}\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));

    let texts: Vec<String> = fake.deliveries().iter().map(|d| d.summary()).collect();
    assert_eq!(texts, ["hello", "one", "two", "three", "from stdin"]);
    // Separate processes do not share a lane: a 429 where one run follows another too
    // closely is retried, so every message still arrives exactly once.
    let requests = fake.requests();
    assert_eq!(requests.len(), 5 + fake.quota_rejections());
    fake.shutdown_blocking();
}

#[test]
fn exit_codes_tell_invalid_rejected_and_not_delivered_apart() {
    let fake = FakeSpace::start_blocking().expect("fake");
    let url = fake.webhook_url_with_credentials("AAAA");
    let token = url.split("token=").nth(1).expect("token").to_owned();

    // 2: invalid input, nothing sent.
    let bad_json = temp_file("bad.jsonl", "{\"text\":\"ok\"}\n{oops\n");
    let out = send(&["--webhook", &url, bad_json.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.jsonl:2"), "{}", stderr(&out));
    let invalid = temp_file("invalid.json", "{\"text\": \"x\", \"txt\": \"y\"}");
    let out = send(&["--webhook", &url, invalid.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field `txt`"),
        "{}",
        stderr(&out)
    );
    let card = temp_file(
        "card.json",
        r#"{"header": {"title": "t"}, "sections": [{"widgets": [{"divider": {}}]}]}"#,
    );
    let out = send(&["--webhook", &url, card.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cardsV2"), "{}", stderr(&out));
    let two = temp_file("two.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
    let out = send(&[
        "--webhook",
        &url,
        "--message-id",
        "client-x",
        two.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = send(&["--webhook", &url, "--message-id", "NOPE", "--text", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let plain_http = url.replace("127.0.0.1", "example.com");
    let out = send(&["--webhook", &plain_http, "--text", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expected https://chat.googleapis.com"));
    assert!(!stderr(&out).contains(&token), "token leaked");
    let out = send(&["--webhook", &url]);
    assert_eq!(out.status.code(), Some(2), "nothing to send");
    assert!(fake.requests().is_empty(), "nothing was sent");

    // 3: permanent rejection.
    fake.fail_next(1, 403);
    let out = send(&["--webhook", &url, "--text", "x"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("403"));
    assert!(!stderr(&out).contains(&token), "token leaked");

    // 4: not delivered after retries.
    std::thread::sleep(Duration::from_millis(1000));
    fake.fail_next(2, 503);
    let out = send(&["--webhook", &url, "--max-attempts", "2", "--text", "x"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let dead = url.replace(&fake.local_addr().port().to_string(), &closed.to_string());
    let out = send(&["--webhook", &dead, "--max-attempts", "1", "--text", "x"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!stderr(&out).contains(&token), "token leaked");
    // The error, then its causes down to the OS error, each once.
    let said = stderr(&out).to_lowercase();
    assert!(
        said.contains("could not reach chat after 1 attempt(s)"),
        "{said}"
    );
    assert_eq!(said.matches("connection refused").count(), 1, "{said}");
    assert_eq!(said.matches("error sending request").count(), 1, "{said}");

    let help = Command::new(BIN)
        .args(["send", "--help"])
        .output()
        .expect("help");
    let help = stdout(&help);
    assert!(help.contains("Exit codes"), "{help}");
    assert!(help.contains("CHAT_WEBHOOK_URL"));
    fake.shutdown_blocking();
}

/// Kills the child process when dropped, so a failed assertion leaves nothing running.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn fake_space_process_prints_its_url_and_logs_messages() {
    let child = Command::new(BIN)
        .args(["fake-space", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fake-space");
    let mut child = Killed(child);
    let out = child.0.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next = |what: &str| -> String {
        for _ in 0..50 {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(line) if line.contains(what) => return line,
                Ok(_) => continue,
                Err(e) => panic!("no line with {what:?}: {e}"),
            }
        }
        panic!("no line with {what:?}")
    };
    let url = next("/v1/spaces/AAAA/messages?key=");
    let out = send(&["--webhook", url.trim(), "--text", "through the process"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let logged = next("posted");
    assert!(
        logged.contains("[AAAA]") && logged.contains("through the process"),
        "{logged}"
    );
    child.0.kill().expect("kill");
    let status = child.0.wait().expect("wait");
    assert!(!status.success() || status.code().is_some());
}

#[test]
fn a_message_with_only_warnings_is_sent_and_the_warnings_are_printed() {
    let fake = FakeSpace::start_blocking().expect("fake");
    let url = fake.webhook_url_with_credentials("WARN");
    let message = r#"{"cardsV2": [{"cardId": "c", "card": {"name": "Avatar Card", "header": {"title": "Hi"}}}]}"#;
    let file = temp_file("card-name.json", message);
    let out = send(&["--webhook", &url, file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("spaces/WARN/messages/"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning: cardsV2[0].card.name: `name` is ignored"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "printed once: {err}");
    assert_eq!(fake.deliveries_in("WARN").len(), 1);
}

#[test]
fn no_validate_sends_what_the_validator_would_refuse() {
    let fake = FakeSpace::start_blocking().expect("fake");
    let url = fake.webhook_url_with_credentials("NOVAL");
    // A relative image URL is an error for the validator (and for the fake space, which
    // refuses it too: with --no-validate the request reaches the server, which answers 400).
    let message = r#"{"cardsV2": [{"cardId": "c", "card": {"header": {"title": "x", "imageUrl": "/a.png"}}}]}"#;
    let file = temp_file("relative.json", message);
    let out = send(&["--webhook", &url, file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert!(fake.deliveries_in("NOVAL").is_empty());

    let out = send(&[
        "--no-validate",
        "--webhook",
        &url,
        file.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("400"), "{}", stderr(&out));
}

#[test]
fn keep_going_sends_past_a_refused_message_and_lists_it_at_the_end() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake");
    let url = fake.webhook_url_with_credentials("GOON");
    // The middle message has a relative image URL: the fake space refuses it (400), as
    // Chat would; --no-validate lets it reach the server.
    let lines = temp_file(
        "keep-going.jsonl",
        concat!(
            "{\"text\":\"one\"}\n",
            "{\"cardsV2\":[{\"cardId\":\"c\",\"card\":{\"header\":{\"title\":\"x\",\"imageUrl\":\"/a.png\"}}}]}\n",
            "{\"text\":\"three\"}\n",
        ),
    );
    let path = lines.to_str().expect("path");
    let base = [
        "--no-validate",
        "--per-space-interval-ms",
        "50",
        "--webhook",
        &url,
    ];

    let mut args = base.to_vec();
    args.push(path);
    let out = send(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "stops at the refusal");

    let mut args = base.to_vec();
    args.extend(["--keep-going", path]);
    let out = send(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "the third is sent too");
    let err = stderr(&out);
    assert!(err.contains("1 message(s) were refused by Chat:"), "{err}");
    assert!(
        err.contains("keep-going.jsonl:2"),
        "names the refused one: {err}"
    );
    assert!(
        err.contains("delivered 2 of 3 message(s); 1 refused by Chat"),
        "{err}"
    );
    // stderr is not a terminal here: no progress bar.
    assert!(!err.contains("[1/3]") && !err.contains("429s:"), "{err}");
    assert_eq!(fake.deliveries_in("GOON").len(), 3, "1 + 2 delivered");
}

/// In a terminal (a pty made by util-linux `script`), `send` shows a progress bar with
/// the position and the 429/retry counts; `-q` hides it. The names still print.
#[test]
fn a_terminal_gets_a_progress_bar_unless_quiet() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: util-linux `script` is not installed, so no pty for the bar");
        return;
    }
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake");
    let url = fake.webhook_url_with_credentials("TTY");
    let lines = temp_file(
        "tty.jsonl",
        "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n",
    );
    let run_in_pty = |quiet: &str| {
        let command = format!(
            "{BIN} {quiet} send --per-space-interval-ms 300 --webhook '{url}' {}",
            lines.display()
        );
        Command::new("script")
            .args(["-q", "-e", "-c", &command, "/dev/null"])
            .env_remove("CHAT_WEBHOOK_URL")
            .stdin(Stdio::null())
            .output()
            .expect("script runs")
    };
    let out = run_in_pty("");
    let shown = stdout(&out);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("429s: 0 · retries: 0"), "{shown}");
    assert!(shown.contains("/3]"), "{shown}");
    assert_eq!(shown.matches("spaces/TTY/messages/").count(), 3, "{shown}");
    let out = run_in_pty("-q");
    let shown = stdout(&out);
    assert!(out.status.success(), "{shown}");
    assert!(!shown.contains("429s:"), "{shown}");
    assert_eq!(shown.matches("spaces/TTY/messages/").count(), 3, "{shown}");
}

/// What Chat's front end accepts is sent, with the warning printed: HTML in message text
/// (shown as written), and three real messages that strict ProtoJSON parsers refuse (a
/// legacy `previewText`, bools written as strings, one object for `cardsV2`).
#[test]
fn what_chat_accepts_is_delivered_with_a_warning() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake");
    let url = fake.webhook_url_with_credentials("LENIENT");
    let out = send(&["--webhook", &url, "--text", "Deploy <b>done</b>"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: text: HTML `<b>` is shown literally in message text"),
        "{err}"
    );
    assert!(err.contains("help: for bold write `*bold*`"), "{err}");

    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let files = [
        "grafana-alerting-legacy-card.json",
        "gatus-v5-http-endpoint.json",
        "google-github-actions-cardsv2-object.json",
    ];
    let paths: Vec<String> = files
        .iter()
        .map(|f| corpus.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--per-space-interval-ms", "50", "--webhook", &url];
    args.extend(paths.iter().map(String::as_str));
    let out = send(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
    let err = stderr(&out);
    for warning in [
        "warning: previewText: `previewText` is a legacy field",
        "warning: cards[0].sections[0].widgets[1].keyValue.contentMultiline: a boolean written as the string \"true\"",
        "warning: cardsV2: expected an array of card with id objects, found an object",
    ] {
        assert!(err.contains(warning), "missing {warning:?} in {err}");
    }

    // The fake space received them as sent.
    let got = fake.deliveries_in("LENIENT");
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].body["text"], "Deploy <b>done</b>");
    assert_eq!(
        got[1].body["previewText"],
        "[FIRING:1] DiskAlmostFull (db-2)"
    );
    assert_eq!(
        got[2].body["cards"][0]["sections"][0]["widgets"][0]["keyValue"]["contentMultiline"],
        "true"
    );
    assert_eq!(got[3].body["cardsV2"]["cardId"], "createCardMessage");
    fake.shutdown_blocking();
}
