//! `chat-card relay render` (what a route would send for a payload, drawn with the preview
//! when asked) and `chat-card relay template --default KIND` (a built-in layout to start
//! a template from).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chat_card::check::Severity;
use chat_card::preview::{self, Theme};
use chat_card_relay::RelayConfig;
use chat_card_relay::notify::template_headers;
use chat_card_relay::template::{BUILTIN_NAMES, default_source};

use crate::exit::{EXIT_INVALID, fail};
use crate::terminal::safe;

/// The built-in Alertmanager notifications of `--sample`.
const SAMPLE_FIRING: &str = include_str!("relay_samples/firing.json");
const SAMPLE_RESOLVED: &str = include_str!("relay_samples/resolved.json");

/// A built-in Alertmanager notification.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Sample {
    /// Two disk alerts of one group, firing.
    Firing,
    /// The same group, resolved.
    Resolved,
}

/// Arguments of `chat-card relay render`.
#[derive(clap::Args)]
pub struct RenderArgs {
    /// The relay's config file. Its secrets (webhook URLs, tokens) are not read.
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// The route to render for (a [routes.NAME] table).
    #[arg(long, value_name = "NAME")]
    route: String,
    /// The request body, as the route would receive it (JSON); `-` reads stdin.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "sample",
        conflicts_with = "sample"
    )]
    payload: Option<PathBuf>,
    /// A built-in Alertmanager notification instead of --payload.
    #[arg(long, value_enum)]
    sample: Option<Sample>,
    /// A request header the template sees as `headers` (`NAME: VALUE`, e.g.
    /// `X-GitHub-Event: workflow_run`); repeat for more.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Draw the first message as an HTML page here (the next ones beside it, as
    /// NAME-2.html, …).
    #[arg(long, value_name = "PAGE.html")]
    html: Option<PathBuf>,
    /// Draw the first message as a PNG with headless Chromium.
    #[arg(long, value_name = "SHOT.png")]
    png: Option<PathBuf>,
}

/// Arguments of `chat-card relay template`.
#[derive(clap::Args)]
pub struct TemplateArgs {
    /// The built-in layout to print: `alertmanager` (the alert card) or `json` (the
    /// generic card of `json` routes).
    #[arg(long = "default", value_name = "KIND", value_parser = clap::builder::PossibleValuesParser::new(BUILTIN_NAMES))]
    default: String,
}

/// Prints a built-in template.
pub fn template(args: TemplateArgs) -> ExitCode {
    let Some(source) = default_source(&args.default) else {
        return ExitCode::from(fail(
            EXIT_INVALID,
            format!(
                "no built-in template `{}`; use one of: {}",
                safe(&args.default),
                BUILTIN_NAMES.join(", ")
            ),
        ));
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(source.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(EXIT_INVALID);
    }
    ExitCode::SUCCESS
}

fn read_payload(args: &RenderArgs) -> Result<Vec<u8>, String> {
    match (&args.payload, args.sample) {
        (_, Some(Sample::Firing)) => Ok(SAMPLE_FIRING.as_bytes().to_vec()),
        (_, Some(Sample::Resolved)) => Ok(SAMPLE_RESOLVED.as_bytes().to_vec()),
        (Some(path), None) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("--payload -: cannot read stdin: {e}"))?;
            Ok(bytes)
        }
        (Some(path), None) => std::fs::read(path)
            .map_err(|e| format!("--payload {}: cannot read it: {e}", path.display())),
        (None, None) => Err("give --payload FILE or --sample firing|resolved".into()),
    }
}

fn parse_headers(given: &[String]) -> Result<Vec<(String, String)>, String> {
    given
        .iter()
        .map(|h| {
            let (name, value) = h.split_once(':').ok_or_else(|| {
                format!(
                    "--header `{}`: write NAME: VALUE, e.g. `X-GitHub-Event: push`",
                    safe(h)
                )
            })?;
            let name = name.trim();
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(format!(
                    "--header `{}`: the name must be one word of visible ASCII",
                    safe(h)
                ));
            }
            Ok((name.to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// Prints what a route would send: each message body on stdout, byte for byte as it
/// would be queued and followed by a newline; findings on stderr. Exit 0 when sent as rendered, 1 when the route's
/// template would fall back to the built-in layout, 2 when nothing would be sent.
pub fn render(args: RenderArgs) -> ExitCode {
    match run_render(&args) {
        Ok(code) => code,
        Err(e) => ExitCode::from(fail(EXIT_INVALID, e)),
    }
}

fn run_render(args: &RenderArgs) -> Result<ExitCode, String> {
    let config = RelayConfig::load_without_secrets(&args.config).map_err(|e| e.to_string())?;
    let Some(route) = config.routes.get(&args.route) else {
        let names: Vec<&str> = config.routes.keys().map(String::as_str).collect();
        return Err(format!(
            "{}: no route `{}`; the routes are: {}",
            args.config.display(),
            safe(&args.route),
            if names.is_empty() {
                "(none: add a [routes.NAME] table)".to_owned()
            } else {
                names.join(", ")
            }
        ));
    };
    let payload = read_payload(args)?;
    let headers = parse_headers(&args.headers)?;
    let headers = template_headers(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let rendering = route
        .notify_route(&args.route)
        .render(&payload, &headers, now)
        .map_err(|e| format!("the route would refuse this payload (400, nothing queued): {e}"))?;
    if let Some(failure) = &rendering.fallback {
        eprintln!(
            "fallback: the route's template failed, so the built-in layout below would be sent \
             instead: {}",
            safe(&failure.to_string())
        );
    }
    let count = rendering.messages.len();
    let mut out = std::io::stdout().lock();
    for message in &rendering.messages {
        for w in &message.warnings {
            let level = match w.severity {
                Severity::Error => "error",
                _ => "warning",
            };
            eprintln!(
                "message {}/{count}: {level}: {}: {}",
                message.part,
                w.path,
                safe(&w.message)
            );
        }
        writeln!(out, "{}", message.body).map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    out.flush()
        .map_err(|e| format!("cannot write stdout: {e}"))?;
    drop(out);
    if count > 1 {
        eprintln!("{count} messages, in the order they would be queued");
    }
    let mut code = if rendering.fallback.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.html.is_some() || args.png.is_some() {
        let drawn = draw(args, &rendering.messages)?;
        if drawn != ExitCode::SUCCESS {
            code = drawn;
        }
    }
    Ok(code)
}

/// The page of message `part` next to `first` (`alerts.html` → `alerts-2.html`).
fn page_path(first: &Path, part: usize) -> PathBuf {
    if part <= 1 {
        return first.to_path_buf();
    }
    let stem = first.file_stem().map_or_else(
        || "message".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let ext = first
        .extension()
        .map_or_else(|| "html".to_owned(), |e| e.to_string_lossy().into_owned());
    first.with_file_name(format!("{stem}-{part}.{ext}"))
}

fn draw(
    args: &RenderArgs,
    messages: &[chat_card_relay::notify::Rendered],
) -> Result<ExitCode, String> {
    let mut first_page = None;
    for message in messages {
        let page = preview::html_for_json_themed(&message.body, Theme::Auto)
            .map_err(|e| format!("cannot draw message {}: {}", message.part, e))?;
        if let Some(html) = &args.html {
            let path = page_path(html, message.part);
            std::fs::write(&path, &page).map_err(|e| {
                format!(
                    "--html: cannot write {}: {e}; check that the directory exists",
                    path.display()
                )
            })?;
            eprintln!("wrote {}", path.display());
        }
        first_page.get_or_insert(page);
    }
    match (&args.png, first_page) {
        (Some(png), Some(page)) => Ok(crate::preview::screenshot(
            &page,
            args.html.as_deref(),
            png,
            (600, 4000),
        )),
        _ => Ok(ExitCode::SUCCESS),
    }
}
