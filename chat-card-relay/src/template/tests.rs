use serde_json::json;

use super::*;

fn render(source: &str, context: serde_json::Value) -> Result<String, TemplateError> {
    Template::new("t.json.j2", source)?.render_value(&context)
}

#[test]
fn every_value_is_json_escaped_whatever_the_file_name() {
    let t = Template::new("page.html", r#"{"text": {{ payload.v }}}"#).expect("compiles");
    let hostile = "a\"b\\c\n<d>&e";
    let out = t
        .render_value(&json!({"payload": {"v": hostile}}))
        .expect("renders");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["text"], hostile);
}

#[test]
fn card_html_escapes_markup_and_mentions() {
    let out = render(
        r#"{"text": {{ payload.v | card_html }}}"#,
        json!({"payload": {"v": "<users/all> & <b>x</b>"}}),
    )
    .expect("renders");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["text"], "&lt;users/all&gt; &amp; &lt;b&gt;x&lt;/b&gt;");
    assert_eq!(filters::escape_card_html("a<b"), "a&lt;b");
}

#[test]
fn undefined_variables_are_errors_with_the_line() {
    let e =
        render("{\n\"text\": {{ payload.nope }}\n}", json!({"payload": {}})).expect_err("strict");
    assert_eq!(e.template(), "t.json.j2");
    assert_eq!(e.line(), Some(2));
    assert!(e.problem().contains("undefined"), "{e}");
    assert!(e.to_string().starts_with("t.json.j2:2: "), "{e}");
}

#[test]
fn syntax_errors_name_the_line() {
    let e = Template::new("bad.j2", "{\n\n{% if %}\n}").expect_err("syntax");
    assert_eq!(e.line(), Some(3));
    assert!(e.problem().contains("syntax"), "{e}");
}

#[test]
fn the_familiar_filters_work() {
    let out = render(
        r#"{{ [payload.a | title, payload.a | upper, payload.a | lower, payload.missing | default("d"), payload.list | join("+"), payload.a | regex_replace("(o+)", "[$1]"), payload.long | truncate(5), payload.obj | tojson] }}"#,
        json!({"payload": {"a": "hello world", "list": [1, 2], "long": "abcdefgh", "obj": {"k": "<v>"}}}),
    )
    .expect("renders");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v,
        json!([
            "Hello World",
            "HELLO WORLD",
            "hello world",
            "d",
            "1+2",
            "hell[o] w[o]rld",
            "abcd…",
            "{\"k\":\"\\u003cv\\u003e\"}"
        ])
    );
}

#[test]
fn dates_in_a_time_zone_and_durations() {
    let out = render(
        r#"{{ [payload.t | datetimeformat(format="[year]-[month]-[day] [hour]:[minute]", tz="Europe/Paris"), payload.t | date(format="short"), payload.t | since, payload.later | since, 3725 | humanize_duration, 90061 | humanize_duration, 0 | humanize_duration] }}"#,
        json!({"payload": {"t": "2026-12-06T10:00:00Z", "later": "2026-12-06T12:00:00Z"}, "now": "2026-12-06T10:03:00Z"}),
    )
    .expect("renders");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v,
        json!([
            "2026-12-06 11:00",
            "2026-12-06 10:00",
            "3m ago",
            "in 1h 57m",
            "1h 2m",
            "1d 1h",
            "0s"
        ])
    );
    let e = render(
        "{{ payload.t | since }}",
        json!({"payload": {"t": "yesterday"}, "now": "2026-12-06T10:03:00Z"}),
    )
    .expect_err("not a time");
    assert!(e.problem().contains("RFC 3339"), "{e}");
}

#[test]
fn a_bad_regex_is_an_error_not_a_panic() {
    let e = render(r#"{{ "x" | regex_replace("(", "") }}"#, json!({})).expect_err("bad pattern");
    assert!(e.problem().contains("invalid pattern"), "{e}");
    let e = render(
        r#"{{ "x" | regex_replace("\\w{1000}{1000}", "") }}"#,
        json!({}),
    )
    .expect_err("too large");
    assert!(e.problem().contains("regex_replace"), "{e}");
}

#[test]
fn endless_templates_run_out_of_fuel() {
    let e = render(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        json!({}),
    )
    .expect_err("fuel");
    assert!(e.problem().contains("fuel"), "{e}");
}

#[test]
fn output_and_source_are_bounded() {
    let e = render(
        r#"{% for i in range(100) %}{{ "x" * 100000 }}{% endfor %}"#,
        json!({}),
    )
    .expect_err("too much output");
    assert!(e.problem().contains("more than"), "{e}");
    let big = "x".repeat(MAX_TEMPLATE_BYTES + 1);
    let e = Template::new("big.j2", &big).expect_err("too large");
    assert!(e.problem().contains("too large"), "{e}");
    let missing = Template::load(Path::new("/nonexistent/t.json.j2")).expect_err("missing");
    assert!(
        missing.to_string().contains("/nonexistent/t.json.j2"),
        "{missing}"
    );
}

#[test]
fn built_in_layouts_compile_and_are_printable() {
    for name in BUILTIN_NAMES {
        assert!(default_source(name).is_some_and(|s| s.contains("cardsV2")));
    }
    let am = Template::builtin(RouteKind::Alertmanager).expect("built in");
    assert!(am.is_builtin());
    assert_eq!(am.source(), default_source("alertmanager").expect("source"));
    assert!(Template::builtin(RouteKind::Json).is_some());
    assert!(Template::builtin(RouteKind::Webhook).is_none());
    assert!(default_source("nope").is_none());
}
