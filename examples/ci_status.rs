//! Posts a build result card from a CI job's environment: status colour, branch, commit,
//! duration, the failed tests, links. Messages are threaded per pull request (or branch),
//! so a PR's builds stay together.
//!
//! ```text
//! cargo run --example ci_status                    # a demo failed build
//! CI_STATUS=success CI_BRANCH=main cargo run --example ci_status
//! ```
//!
//! Reads `CI_STATUS` (`success`, `failure`, `cancelled`), `CI_REPOSITORY`, `CI_BRANCH`,
//! `CI_PULL_REQUEST`, `CI_COMMIT`, `CI_COMMIT_MESSAGE`, `CI_DURATION_SECS`,
//! `CI_FAILED_TESTS` (one per line or comma-separated) and `CI_RUN_URL`, falling back to
//! GitHub Actions' `GITHUB_*` variables, then to demo values.

mod common;

use std::env;

use chat_card::{JsonMessage, ReplyOption, SendOptions, Sender, WebUrl, card};

/// How the build ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Success,
    Failure,
    Cancelled,
}

/// Everything the card shows.
struct Build {
    status: Status,
    repository: String,
    branch: String,
    pull_request: Option<String>,
    commit: String,
    commit_message: String,
    duration_secs: u64,
    failed_tests: Vec<String>,
    run_url: WebUrl,
}

fn var(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| env::var(n).ok().filter(|v| !v.trim().is_empty()))
}

impl Build {
    fn from_env() -> Result<Build, Box<dyn std::error::Error>> {
        let status = match var(&["CI_STATUS", "GITHUB_JOB_STATUS"]).as_deref() {
            Some("success" | "passed" | "ok") => Status::Success,
            Some("cancelled" | "canceled") => Status::Cancelled,
            Some(_) | None => Status::Failure,
        };
        let repository =
            var(&["CI_REPOSITORY", "GITHUB_REPOSITORY"]).unwrap_or_else(|| "acme/shop".into());
        let run_url = match var(&["CI_RUN_URL"]) {
            Some(url) => url,
            None => match (var(&["GITHUB_SERVER_URL"]), var(&["GITHUB_RUN_ID"])) {
                (Some(server), Some(run)) => format!("{server}/{repository}/actions/runs/{run}"),
                _ => "https://ci.example.com/acme/shop/runs/4242".into(),
            },
        };
        let failed_tests = var(&["CI_FAILED_TESTS"])
            .unwrap_or_else(|| {
                "checkout::pays_with_saved_card\ncart::applies_coupon_once\napi::<rate_limit> & retries"
                    .into()
            })
            .split(['\n', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        Ok(Build {
            status,
            branch: var(&["CI_BRANCH", "GITHUB_HEAD_REF", "GITHUB_REF_NAME"])
                .unwrap_or_else(|| "feature/saved-cards".into()),
            pull_request: var(&["CI_PULL_REQUEST"]).or_else(|| Some("118".into())),
            commit: var(&["CI_COMMIT", "GITHUB_SHA"])
                .unwrap_or_else(|| "9f3c2a17d0b4e8c1f2a3b4c5d6e7f8091a2b3c4d".into()),
            commit_message: var(&["CI_COMMIT_MESSAGE"])
                .unwrap_or_else(|| "Pay with a saved card".into()),
            duration_secs: var(&["CI_DURATION_SECS"])
                .and_then(|d| d.parse().ok())
                .unwrap_or(754),
            failed_tests: if status == Status::Success {
                Vec::new()
            } else {
                failed_tests
            },
            run_url: WebUrl::parse(&run_url)?,
            repository,
        })
    }

    /// One thread per pull request, or per branch for pushes.
    fn thread_key(&self) -> String {
        match &self.pull_request {
            Some(pr) => format!("ci-{}-pr-{pr}", self.repository),
            None => format!("ci-{}-{}", self.repository, self.branch),
        }
    }
}

fn build_card(b: &Build) -> Result<JsonMessage, chat_card::BuildError> {
    let short: String = b.commit.chars().take(8).collect();
    let duration = format!("{}m {:02}s", b.duration_secs / 60, b.duration_secs % 60);
    let (repository, branch, message, run_url) =
        (&b.repository, &b.branch, &b.commit_message, &b.run_url);
    let failed = b.failed_tests.len();
    card! {
        id: "ci-status",
        header {
            title: "{repository} · {branch}",
            subtitle: "{short} {message}",
        }
        section {
            match b.status {
                Status::Success => {
                    decorated { top: "Status", text: "<font color=\"#188038\"><b>Passed</b></font>", start_icon: STAR }
                }
                Status::Failure => {
                    decorated { top: "Status", text: "<font color=\"#d93025\"><b>Failed</b></font>: {failed} test(s)", start_icon: DESCRIPTION }
                }
                Status::Cancelled => {
                    decorated { top: "Status", text: "<font color=\"#5f6368\"><b>Cancelled</b></font>", start_icon: CLOCK }
                }
            }
            decorated { top: "Duration", text: duration, start_icon: CLOCK }
            if let Some(pr) = &b.pull_request {
                decorated { top: "Pull request", text: "#{pr}", start_icon: BOOKMARK }
            }
        }
        if !b.failed_tests.is_empty() {
            section "Failed tests" {
                collapsible: true,
                uncollapsible: 3,
                for test in &b.failed_tests {
                    text "<code>{test}</code>"
                }
            }
        }
        section {
            buttons {
                match b.status {
                    Status::Success => { button "Open run" { link: run_url, color: "#188038" } }
                    _ => { button "Open run" { link: run_url, color: "#d93025" } }
                }
                button "Commit" { link: "https://github.com/{repository}/commit/{short}" }
            }
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let destination = common::Destination::from_env("CI").await?;
    let build = Build::from_env()?;
    let card = build_card(&build)?;
    let options = SendOptions::new()
        .thread_key(build.thread_key())
        .reply(ReplyOption::ReplyOrNewThread);
    let posted = Sender::new()?
        .send(&destination.url, &card, &options)
        .await?;
    println!(
        "{:?} build of {} posted: {}  (thread {})",
        build.status,
        build.branch,
        posted.name,
        posted.thread_name.as_deref().unwrap_or("?")
    );
    destination.report();
    Ok(())
}
