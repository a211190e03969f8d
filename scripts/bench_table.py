#!/usr/bin/env python3
"""Prints the build benchmark's medians as a Markdown table with ratios to `card!`.

Run after `cargo bench --bench build`; reads target/criterion/<group>/<variant>/new/estimates.json.
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
GROUPS = [("static", "static card"), ("holes5", "5 holes"), ("loop50", "50 widgets from a loop")]
VARIANTS = [("card!", "card_"), ("json!", "json_"), ("structs", "structs"), ("template", "template")]


def median_ns(group: str, variant: str) -> float:
    # criterion turns "card!" into "card_" in directory names
    for name in (variant, variant.replace("!", "_")):
        path = ROOT / group / name / "new" / "estimates.json"
        if path.exists():
            return json.loads(path.read_text())["median"]["point_estimate"]
    raise FileNotFoundError(f"no estimates for {group}/{variant}: run cargo bench --bench build")


def fmt(ns: float) -> str:
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.1f} ns"


print("| card | card! | json! | serde structs | hand-written template | json! / card! | structs / card! | card! / template |")
print("|---|---|---|---|---|---|---|---|")
for group, label in GROUPS:
    t = {v: median_ns(group, v) for v, _ in VARIANTS}
    print(
        f"| {label} | {fmt(t['card!'])} | {fmt(t['json!'])} | {fmt(t['structs'])} | {fmt(t['template'])} "
        f"| {t['json!'] / t['card!']:.1f}× | {t['structs'] / t['card!']:.1f}× | {t['card!'] / t['template']:.2f}× |"
    )
