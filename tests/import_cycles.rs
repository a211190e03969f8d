//! Import cycles between the files of one crate, for every crate of the workspace.
//!
//! A file depends on another when it names it through a `crate::…`, `super::…` or
//! `self::…` path, in a `use` item or inline in code (`crate::webhook::options::x()`), or
//! through a `use` of a child module by its bare name. Re-exports (`pub use`,
//! `pub(crate) use`) are not dependencies: they are a module's facade, and every child
//! that reads its parent would otherwise loop with it. A child module's file inherits
//! nothing from its parent's `mod` line either. Comments and string literals are ignored.
//!
//! [`cycles`] takes a crate's `src` folder and returns its cycles as strongly connected
//! groups of files. The test below runs it over every crate of the workspace and holds the
//! remaining groups to [`KNOWN`]: a new cycle fails, and so does a known one that is gone
//! (delete its line).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles left in the workspace, each as its files relative to the crate's `src`, sorted,
/// joined with a space, behind the crate's folder and a colon.
const KNOWN: &[&str] = &[
    "chat-card-macros: lower/control.rs lower/ctx.rs lower/field.rs lower/lookup.rs lower/mod.rs",
    "chat-card: import/emit.rs import/mod.rs import/values.rs",
    "chat-card: preview/inputs.rs preview/layout.rs preview/widgets.rs",
];

/// The cycles between the files of the crate whose sources are in `src`: each group of
/// files that reach one another through imports (two files or more), as paths relative
/// to `src`, sorted; the groups sorted too.
pub fn cycles(src: &Path) -> Vec<Vec<String>> {
    let files = rust_files(src);
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .filter_map(|f| Some((module_path(f)?, f.clone())))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_path(file) else {
            continue;
        };
        let text = std::fs::read_to_string(src.join(file)).unwrap_or_default();
        let targets = edges.entry(file.clone()).or_default();
        for path in imported_paths(&tokens(&strip(&text)), &module, &modules) {
            if let Some(target) = resolve(&path, &modules)
                && target != *file
            {
                targets.insert(target);
            }
        }
    }
    strongly_connected(&edges)
}

/// Every `.rs` file under `src` (not `src/bin`, whose files are crates of their own), as
/// relative paths with `/`.
fn rust_files(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(src.join(&dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = dir.join(entry.file_name());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && rel != Path::new("bin") {
                stack.push(rel);
            } else if rel.extension().is_some_and(|e| e == "rs") {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The module a file holds: `lib.rs`/`main.rs` → the root, `a/mod.rs` → `a`, `a/b.rs` →
/// `a::b`. `None` for files no module path names this way (e.g. included by `#[path]`).
fn module_path(file: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = file.trim_end_matches(".rs").split('/').collect();
    match parts.as_slice() {
        ["lib"] | ["main"] => Some(Vec::new()),
        [dirs @ .., "mod"] => Some(dirs.iter().map(|s| s.to_string()).collect()),
        all => Some(all.iter().map(|s| s.to_string()).collect()),
    }
}

/// The file a module path lands in: its longest prefix that is a file's module (the
/// rest are items or inline modules of that file).
fn resolve(path: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    (0..=path.len())
        .rev()
        .find_map(|k| modules.get(&path[..k]).cloned())
}

/// Source text with comments, string and character literals blanked out.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // A raw string r"…" or r#"…"# (or a raw identifier r#name).
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Identifiers, `::` and single punctuation characters.
fn tokens(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".to_owned());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// The module paths a file's code names, made absolute: `module` is the file's own module.
fn imported_paths(
    tokens: &[String],
    module: &[String],
    modules: &BTreeMap<Vec<String>, String>,
) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Inline modules (`mod tests { … }`) open at a brace depth.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut pending_mod: Option<String> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        match t {
            "{" => {
                depth += 1;
                if let Some(name) = pending_mod.take() {
                    inline.push((name, depth));
                }
                i += 1;
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            ";" => {
                pending_mod = None;
                i += 1;
            }
            "mod" if tokens.get(i + 1).is_some_and(|n| is_ident(n)) => {
                pending_mod = Some(tokens[i + 1].clone());
                i += 2;
            }
            "use" => {
                let reexport = i > 0 && (tokens[i - 1] == "pub" || tokens[i - 1] == ")");
                let end = (i..tokens.len())
                    .find(|&j| tokens[j] == ";")
                    .unwrap_or(tokens.len());
                if !reexport {
                    for leaf in use_leaves(&tokens[i + 1..end]) {
                        if let Some(path) = absolute(&leaf, &here, modules) {
                            out.push(path);
                        }
                    }
                }
                i = end;
            }
            "crate" | "super" | "self"
                if tokens.get(i + 1).is_some_and(|n| n == "::")
                    && (i == 0 || tokens[i - 1] != "::") =>
            {
                let mut path = vec![t.to_owned()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|n| n == "::")
                    && tokens.get(j + 1).is_some_and(|n| is_ident(n))
                {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                if let Some(path) = absolute(&path, &here, modules) {
                    out.push(path);
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The paths a use tree names (`a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`), with
/// `as` renames and globs dropped.
fn use_leaves(tree: &[String]) -> Vec<Vec<String>> {
    fn walk(tree: &[String], prefix: &[String], out: &mut Vec<Vec<String>>) {
        // Split at top-level commas.
        let mut depth = 0;
        let mut start = 0;
        let mut parts = Vec::new();
        for (k, t) in tree.iter().enumerate() {
            match t.as_str() {
                "{" => depth += 1,
                "}" => depth -= 1,
                "," if depth == 0 => {
                    parts.push(&tree[start..k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
        parts.push(&tree[start..]);
        for part in parts {
            let mut path = prefix.to_vec();
            let mut k = 0;
            while k < part.len() {
                match part[k].as_str() {
                    "{" => {
                        let close =
                            part.len() - 1 - part.iter().rev().position(|t| t == "}").unwrap_or(0);
                        walk(&part[k + 1..close.max(k + 1)], &path, out);
                        path.clear();
                        break;
                    }
                    "as" => break,
                    "::" | "*" => {}
                    t if is_ident(t) => path.push(t.to_owned()),
                    _ => {}
                }
                k += 1;
            }
            if !path.is_empty() {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, &[], &mut out);
    out
}

/// A path made absolute from module `here`: `crate::a` → `a`, `super::a` → the parent's
/// `a`, `self::a` and a bare child module `a` → `here::a`. `None` for other crates' paths.
fn absolute(
    path: &[String],
    here: &[String],
    modules: &BTreeMap<Vec<String>, String>,
) -> Option<Vec<String>> {
    let mut rest = path;
    let mut base: Vec<String> = match path.first()?.as_str() {
        "crate" => {
            rest = &path[1..];
            Vec::new()
        }
        "self" | "super" => here.to_vec(),
        first => {
            let mut child = here.to_vec();
            child.push(first.to_owned());
            if !modules.contains_key(&child) {
                return None;
            }
            here.to_vec()
        }
    };
    while let Some(first) = rest.first() {
        match first.as_str() {
            "self" => {}
            "super" => {
                base.pop()?;
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The groups of two or more files that reach one another (Tarjan's algorithm).
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.groups.push(group);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.groups.sort();
    s.groups
}

/// The workspace's crates: every folder beside this one with a `Cargo.toml` and a `src`,
/// and the root package's own `src`.
fn crate_sources() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    if root.join("src").is_dir() {
        out.push((".".to_owned(), root.join("src")));
    }
    for entry in std::fs::read_dir(root).expect("workspace root").flatten() {
        let dir = entry.path();
        if dir.join("Cargo.toml").is_file() && dir.join("src").is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push((name, dir.join("src")));
        }
    }
    out.sort();
    out
}

#[test]
fn no_new_import_cycles_between_files_of_a_crate() {
    let mut found = BTreeSet::new();
    for (name, src) in crate_sources() {
        for group in cycles(&src) {
            found.insert(format!("{name}: {}", group.join(" ")));
        }
    }
    let known: BTreeSet<String> = KNOWN.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "import cycles changed.\nnew cycles (break them with a leaf file that both sides \
         import, e.g. settings or a free function):\n  {}\nknown cycles that are gone \
         (delete them from KNOWN in tests/import_cycles.rs):\n  {}",
        join(&new),
        join(&gone),
    );
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n  ")
}

#[test]
fn the_checker_sees_a_cycle_and_ignores_facades_comments_and_strings() {
    let dir = std::env::temp_dir().join(format!("import-cycles-{}", std::process::id()));
    let write = |file: &str, text: &str| {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    };
    write("lib.rs", "mod a;\npub use a::Thing;\n");
    write(
        "a/mod.rs",
        "mod b;\nmod c;\npub use b::Thing;\nuse c::helper;\n",
    );
    write(
        "a/b.rs",
        "use super::c::{helper, other as o};\npub struct Thing;\n",
    );
    write(
        "a/c.rs",
        "// use super::b::Thing;\nfn f() { let _ = \"super::b\"; crate::a::b::Thing; }\n\
         #[cfg(test)]\nmod tests { use super::*; }\n",
    );
    write("a/d.rs", "use super::super::a::c;\n");
    let found = cycles(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    // b → c (use) and c → b (inline path) loop; `pub use` facades, the comment, the
    // string and `super::*` inside c's own test module do not count.
    assert_eq!(found, [["a/b.rs".to_owned(), "a/c.rs".to_owned()]]);
}
