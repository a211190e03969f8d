#!/usr/bin/env python3
"""Compile-time benchmark: a crate with 50 distinct cards written with `card!` versus the
same cards with `serde_json::json!`, clean and incremental debug builds, as a ratio.

Usage: python3 scripts/compile_time.py [--runs N]

It generates two crates under target/compile-bench/ (path dependencies on this
workspace), builds their dependencies once, then for each crate and each run:
  clean:       `cargo clean -p <crate>` then `cargo build` (only the crate itself rebuilds)
  incremental: append a comment to src/lib.rs then `cargo build`
and prints the median of each with the ratio card!/json!. See BENCHMARKS.md.
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "compile-bench"
CARDS = 50

ICONS = ["DESCRIPTION", "CLOCK", "STAR", "BOOKMARK", "EMAIL", "PERSON", "MAP_PIN", "TICKET"]


def card_macro(i: int) -> str:
    widgets = []
    for w in range(3 + i % 5):
        icon = ICONS[(i + w) % len(ICONS)]
        widgets.append(
            f'            decorated {{ top: "check {w}", text: "<b>{{host}}</b> step {w} of card {i}", start_icon: {icon} }}'
        )
    return f"""
pub fn card_{i}(host: &str, count: u32) -> String {{
    chat_card::card! {{
        id: "card-{i}",
        header {{ title: "{{host}}: alert {i}", subtitle: "{{count}} failures", image: "https://example.com/icons/{i}.png", image_type: CIRCLE }}
        section "Details {i}" {{
            collapsible: true,
            uncollapsible: 1,
{chr(10).join(widgets)}
            divider
            buttons {{
                button "Dashboard {i}" {{ link: "https://grafana.example.com/d/{i}/{{host}}" }}
                button "Ack {i}" {{ color: "#d93025", link: "https://ops.example.com/ack/{i}" }}
            }}
        }}
    }}
    .map(chat_card::JsonMessage::into_string)
    .unwrap_or_default()
}}
"""


def card_json(i: int) -> str:
    widgets = []
    for w in range(3 + i % 5):
        icon = ICONS[(i + w) % len(ICONS)]
        widgets.append(
            f'                {{"decoratedText": {{"topLabel": "check {w}", "text": format!("<b>{{}}</b> step {w} of card {i}", html(host)), "startIcon": {{"knownIcon": "{icon}"}}}}}},'
        )
    return f"""
pub fn card_{i}(host: &str, count: u32) -> String {{
    serde_json::json!({{"cardsV2": [{{"cardId": "card-{i}", "card": {{
        "header": {{"title": format!("{{host}}: alert {i}"), "subtitle": format!("{{count}} failures"), "imageUrl": "https://example.com/icons/{i}.png", "imageType": "CIRCLE"}},
        "sections": [{{"header": "Details {i}", "collapsible": true, "uncollapsibleWidgetsCount": 1, "widgets": [
{chr(10).join(widgets)}
                {{"divider": {{}}}},
                {{"buttonList": {{"buttons": [
                    {{"text": "Dashboard {i}", "onClick": {{"openLink": {{"url": format!("https://grafana.example.com/d/{i}/{{}}", percent(host))}}}}}},
                    {{"text": "Ack {i}", "color": {{"red": 0.8509803921568627, "green": 0.18823529411764706, "blue": 0.1450980392156863}}, "onClick": {{"openLink": {{"url": "https://ops.example.com/ack/{i}"}}}}}}
                ]}}}}
            ]}}]
    }}}}]}})
    .to_string()
}}
"""


HELPERS = """
fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
"""


def write_crates() -> None:
    (OUT / "macro" / "src").mkdir(parents=True, exist_ok=True)
    (OUT / "json" / "src").mkdir(parents=True, exist_ok=True)
    (OUT / "Cargo.toml").write_text('[workspace]\nmembers = ["macro", "json"]\nresolver = "3"\n')
    (OUT / "macro" / "Cargo.toml").write_text(
        '[package]\nname = "cards-macro"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        f'[dependencies]\nchat-card = {{ path = "{ROOT / "chat-card"}", default-features = false }}\n'
    )
    (OUT / "json" / "Cargo.toml").write_text(
        '[package]\nname = "cards-json"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        '[dependencies]\nserde_json = "1"\n'
        # the same dependency graph as the macro crate, so only the 50 cards differ
        f'chat-card = {{ path = "{ROOT / "chat-card"}", default-features = false }}\n'
    )
    (OUT / "macro" / "src" / "lib.rs").write_text(
        "//! 50 cards with card!\n" + "".join(card_macro(i) for i in range(CARDS))
    )
    (OUT / "json" / "src" / "lib.rs").write_text(
        "//! 50 cards with json!\n" + HELPERS + "".join(card_json(i) for i in range(CARDS))
    )


def cargo(*args: str) -> float:
    env = dict(os.environ, CARGO_TARGET_DIR=str(OUT / "target"))
    start = time.perf_counter()
    subprocess.run(["cargo", *args], cwd=OUT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    write_crates()
    print("building dependencies once ...", flush=True)
    cargo("build")
    results = {}
    for crate in ["cards-macro", "cards-json"]:
        clean, incremental = [], []
        lib = OUT / crate.split("-")[1] / "src" / "lib.rs"
        for _ in range(args.runs):
            cargo("clean", "-p", crate)
            clean.append(cargo("build", "-p", crate))
            with lib.open("a") as f:
                f.write("// touched\n")
            incremental.append(cargo("build", "-p", crate))
        results[crate] = (statistics.median(clean), statistics.median(incremental))
        print(f"{crate}: clean {results[crate][0]:.2f} s, incremental {results[crate][1]:.2f} s "
              f"(medians of {args.runs}; runs: clean {[round(x, 2) for x in clean]}, "
              f"incremental {[round(x, 2) for x in incremental]})", flush=True)
    (mc, mi), (jc, ji) = results["cards-macro"], results["cards-json"]
    print()
    print("| build | card! | json! | card!/json! |")
    print("|---|---|---|---|")
    print(f"| clean (crate only) | {mc:.2f} s | {jc:.2f} s | {mc / jc:.2f} |")
    print(f"| incremental | {mi:.2f} s | {ji:.2f} s | {mi / ji:.2f} |")


if __name__ == "__main__":
    main()
