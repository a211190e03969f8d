//! The source being written, as entries of the language, and how it is laid out: four
//! spaces per level, one entry per line, short leaf blocks on one line (as rustfmt lays
//! out struct literals), lines kept within 100 columns where a literal allows it.

/// The widest line the layout aims for (rustfmt's default `max_width`).
const MAX_WIDTH: usize = 100;
/// One level of indentation.
const INDENT: &str = "    ";

/// One entry of a body.
#[derive(Debug, Clone)]
pub(super) enum Entry {
    /// `key: value`.
    Field { key: String, value: Val },
    /// `keyword [positional] [{ body }]`.
    Block {
        keyword: String,
        positional: Option<String>,
        body: Option<Vec<Entry>>,
        /// Lay the body out one entry per line even when it would fit on one line
        /// (sections and cards read better that way).
        tall: bool,
    },
    /// A `// comment` line.
    Comment(String),
}

/// A value after `key:`.
#[derive(Debug, Clone)]
pub(super) enum Val {
    /// A literal or enum name, already written as source.
    Scalar(String),
    /// `[a, b]`.
    List(Vec<Val>),
    /// `{ body }`.
    Object(Vec<Entry>),
}

/// Writes the entries of a body at `depth` levels of indentation, one per line.
pub(super) fn write_body(entries: &[Entry], depth: usize, out: &mut String) {
    for entry in entries {
        write_entry(entry, depth, out);
    }
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

fn fits(depth: usize, text: &str) -> bool {
    depth * INDENT.len() + text.chars().count() <= MAX_WIDTH
}

fn write_entry(entry: &Entry, depth: usize, out: &mut String) {
    if let Some(line) = inline_entry(entry, 2) {
        let line = match entry {
            Entry::Field { .. } => format!("{line},"),
            _ => line,
        };
        if fits(depth, &line) || !has_room_to_break(entry) {
            indent(depth, out);
            out.push_str(&line);
            out.push('\n');
            return;
        }
    }
    indent(depth, out);
    match entry {
        Entry::Comment(text) => {
            out.push_str("// ");
            out.push_str(text);
            out.push('\n');
        }
        Entry::Field { key, value } => {
            out.push_str(key);
            out.push_str(": ");
            write_val_open(value, depth, out);
            out.push_str(",\n");
        }
        Entry::Block {
            keyword,
            positional,
            body,
            ..
        } => {
            out.push_str(keyword);
            if let Some(p) = positional {
                out.push(' ');
                out.push_str(p);
            }
            match body {
                Some(body) if !body.is_empty() => {
                    out.push_str(" {\n");
                    write_body(body, depth + 1, out);
                    indent(depth, out);
                    out.push('}');
                }
                Some(_) => out.push_str(" {}"),
                None => {}
            }
            out.push('\n');
        }
    }
}

/// Whether breaking the entry over lines would shorten it (a lone long literal would not).
fn has_room_to_break(entry: &Entry) -> bool {
    match entry {
        Entry::Field { value, .. } => !matches!(value, Val::Scalar(_)),
        Entry::Block { body, .. } => body.as_ref().is_some_and(|b| !b.is_empty()),
        Entry::Comment(_) => false,
    }
}

/// Writes a value that starts on the current line; a list or object that does not fit
/// goes one item per line, ending at `depth`.
fn write_val_open(value: &Val, depth: usize, out: &mut String) {
    match value {
        Val::Scalar(s) => out.push_str(s),
        Val::List(items) if items.is_empty() => out.push_str("[]"),
        Val::List(items) => {
            out.push_str("[\n");
            for item in items {
                match inline_val(item, 2) {
                    Some(line) if fits(depth + 1, &format!("{line},")) => {
                        indent(depth + 1, out);
                        out.push_str(&line);
                    }
                    _ => {
                        indent(depth + 1, out);
                        write_val_open(item, depth + 1, out);
                    }
                }
                out.push_str(",\n");
            }
            indent(depth, out);
            out.push(']');
        }
        Val::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Val::Object(entries) => {
            out.push_str("{\n");
            write_body(entries, depth + 1, out);
            indent(depth, out);
            out.push('}');
        }
    }
}

/// The entry on one line, if it may go on one line: `levels` is how many levels of
/// braces may still be opened (a leaf block holds only fields and empty blocks).
fn inline_entry(entry: &Entry, levels: usize) -> Option<String> {
    match entry {
        Entry::Comment(_) => None,
        Entry::Field { key, value } => Some(format!("{key}: {}", inline_val(value, levels)?)),
        Entry::Block {
            keyword,
            positional,
            body,
            tall,
        } => {
            let mut line = keyword.clone();
            if let Some(p) = positional {
                line.push(' ');
                line.push_str(p);
            }
            match body {
                None => {}
                Some(b) if b.is_empty() => line.push_str(" {}"),
                Some(b) => {
                    if *tall || levels < 2 {
                        return None;
                    }
                    line.push_str(" { ");
                    line.push_str(&inline_entries(b, levels - 1)?);
                    line.push_str(" }");
                }
            }
            Some(line)
        }
    }
}

fn inline_entries(entries: &[Entry], levels: usize) -> Option<String> {
    let parts = entries
        .iter()
        .map(|e| inline_entry(e, levels))
        .collect::<Option<Vec<_>>>()?;
    // Fields are separated by commas; a block ends at its keyword or brace.
    let mut line = String::new();
    for (i, (part, entry)) in parts.iter().zip(entries).enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(part);
        if matches!(entry, Entry::Field { .. }) && i + 1 < parts.len() {
            line.push(',');
        }
    }
    Some(line)
}

fn inline_val(value: &Val, levels: usize) -> Option<String> {
    match value {
        Val::Scalar(s) => Some(s.clone()),
        Val::List(items) => {
            let parts = items
                .iter()
                .map(|v| inline_val(v, levels))
                .collect::<Option<Vec<_>>>()?;
            Some(format!("[{}]", parts.join(", ")))
        }
        Val::Object(entries) if entries.is_empty() => Some("{}".to_owned()),
        Val::Object(entries) => {
            if levels < 2 {
                return None;
            }
            Some(format!("{{ {} }}", inline_entries(entries, levels - 1)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, value: &str) -> Entry {
        Entry::Field {
            key: key.to_owned(),
            value: Val::Scalar(value.to_owned()),
        }
    }

    #[test]
    fn short_leaf_blocks_stay_on_one_line_and_long_ones_break() {
        let short = Entry::Block {
            keyword: "decorated".into(),
            positional: None,
            body: Some(vec![field("top", "\"a\""), field("text", "\"b\"")]),
            tall: false,
        };
        let mut out = String::new();
        write_body(&[short], 1, &mut out);
        assert_eq!(out, "    decorated { top: \"a\", text: \"b\" }\n");

        let long_text = format!("\"{}\"", "x".repeat(90));
        let long = Entry::Block {
            keyword: "decorated".into(),
            positional: None,
            body: Some(vec![field("top", "\"a\""), field("text", &long_text)]),
            tall: false,
        };
        let mut out = String::new();
        write_body(&[long], 0, &mut out);
        assert_eq!(
            out,
            format!("decorated {{\n    top: \"a\",\n    text: {long_text},\n}}\n")
        );
    }

    #[test]
    fn nested_bodies_break_and_lists_wrap() {
        let list = Entry::Field {
            key: "required_widgets".into(),
            value: Val::List(
                (0..12)
                    .map(|i| Val::Scalar(format!("\"widget-{i}\"")))
                    .collect(),
            ),
        };
        let mut out = String::new();
        write_body(&[list], 0, &mut out);
        assert!(
            out.starts_with("required_widgets: [\n    \"widget-0\",\n"),
            "{out}"
        );
        assert!(out.ends_with("    \"widget-11\",\n],\n"), "{out}");
    }
}
