//! The progress bar of `send`: position, ETA and the 429/retry counts, on stderr when it
//! is a terminal; hidden otherwise and with `-q`. Stdout (the delivered names) is never
//! touched.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar for `total` messages; hidden for a single message, when stderr is not a
/// terminal, or with `-q`.
pub fn bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if total < 2 || crate::logging::quiet() || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
        return bar;
    }
    bar.set_draw_target(ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_bar} eta {eta} {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// The bar's message: how many answers were 429 and how many attempts were retries.
pub fn counts(rate_limited: u32, retries: u32) -> String {
    format!("429s: {rate_limited} · retries: {retries}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_name_both() {
        assert_eq!(super::counts(2, 3), "429s: 2 · retries: 3");
    }
}
