//! `chat-card fake-space`: run a fake Chat space and log what arrives.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use chat_card_fake_space::{FakeEvent, FakeSpace};
use tokio::sync::broadcast::error::RecvError;

/// Arguments of `chat-card fake-space`.
#[derive(clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Space IDs to create (each gets its own webhook URL).
    #[arg(long = "space", value_name = "SPACE_ID", default_values_t = ["AAAA".to_string()])]
    spaces: Vec<String>,
    /// Turn off the per-space quota of one request per second.
    #[arg(long)]
    no_quota: bool,
    /// Also write a service-account key file trusted by this fake space's Chat API
    /// (token endpoint and bearer checks), for `chat-card send --space … --credentials PATH
    /// --api-base URL`. Needs the `chat-api` feature.
    #[arg(long, value_name = "PATH")]
    service_account_key: Option<std::path::PathBuf>,
}

/// Runs `chat-card fake-space` until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> ExitCode {
    let mut builder = FakeSpace::builder().port(args.port);
    if args.no_quota {
        builder = builder.quota_interval(Duration::ZERO);
    }
    let fake = match builder.start().await {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "error: cannot listen on 127.0.0.1:{}: {e}; pick another --port or 0",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let mut events = fake.subscribe();
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "Fake Chat space listening on http://{}",
        fake.local_addr()
    );
    for space in &args.spaces {
        if let Err(e) = fake.webhook_url(space) {
            eprintln!("error: space `{space}`: {}", e.problem());
            return ExitCode::from(2);
        }
        let _ = writeln!(
            out,
            "Webhook URL for space {space} (fake credentials):\n{}",
            fake.webhook_url_with_credentials(space)
        );
    }
    if let Some(path) = &args.service_account_key
        && let Err(e) = write_key_file(&fake, path, &mut out)
    {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let _ = writeln!(
        out,
        "Watch the messages arrive in a browser: http://{}/\n\
         Try: chat-card send --webhook '<URL above>' --text hello\nPress Ctrl-C to stop.",
        fake.local_addr()
    );
    let _ = out.flush();
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            event = events.recv() => match event {
                Ok(e) => log(&mut out, e),
                Err(RecvError::Lagged(n)) => {
                    let _ = writeln!(out, "({n} events not shown)");
                }
                Err(RecvError::Closed) => break,
            },
        }
    }
    let _ = writeln!(out, "stopping");
    fake.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(feature = "chat-api")]
fn write_key_file(
    fake: &FakeSpace,
    path: &std::path::Path,
    out: &mut impl Write,
) -> Result<(), String> {
    let json = fake
        .chat_api()
        .service_account_key_json("fake-app@fake-project.iam.gserviceaccount.com")?;
    std::fs::write(path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let _ = writeln!(
        out,
        "Service-account key for the fake Chat API written to {} (API base http://{})",
        path.display(),
        fake.local_addr()
    );
    Ok(())
}

#[cfg(not(feature = "chat-api"))]
fn write_key_file(
    _fake: &FakeSpace,
    _path: &std::path::Path,
    _out: &mut impl Write,
) -> Result<(), String> {
    Err("--service-account-key needs the Chat API: install with `--features chat-api`".into())
}

fn log(out: &mut impl Write, event: FakeEvent) {
    let _ = match event {
        FakeEvent::Delivered(m) => {
            let summary: String = m.summary().chars().take(80).collect();
            writeln!(
                out,
                "[{}] posted {} in {} ({} bytes): {summary}",
                m.space, m.name, m.thread_name, m.bytes
            )
        }
        FakeEvent::Duplicate { space, name } => {
            writeln!(out, "[{space}] repeated requestId: returned {name} again")
        }
        FakeEvent::Refused {
            space,
            http,
            status,
            message,
        } => writeln!(out, "[{space}] refused: HTTP {http} {status}: {message}"),
        FakeEvent::Dropped { space } => {
            writeln!(out, "[{space}] dropped the connection (fault injection)")
        }
        _ => Ok(()),
    };
    let _ = out.flush();
}
