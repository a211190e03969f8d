//! "Did you mean" suggestions for misspelled names.
//!
//! Names are compared case-insensitively and with underscores ignored, so `image_url`,
//! `ImageURL` and `imageUrl` are all the same name, and `imgUrl` is close to `imageUrl`.

/// The candidate closest to `name`, if one is close enough to be a likely typo.
///
/// ```
/// use chat_card_core::suggest::closest;
/// assert_eq!(closest("topLable", ["text", "topLabel", "bottomLabel"]), Some("topLabel"));
/// assert_eq!(closest("circle", ["SQUARE", "CIRCLE"]), Some("CIRCLE"));
/// assert_eq!(closest("zzz", ["text", "topLabel"]), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = normalize(name);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let norm = normalize(candidate);
        let Some(score) = score(&wanted, &norm) else {
            continue;
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// How far apart two normalized names are, when close enough to suggest one for the other.
fn score(a: &[char], b: &[char]) -> Option<usize> {
    if b.is_empty() {
        return None;
    }
    let shorter = a.len().min(b.len());
    let limit = match shorter {
        0..=3 => 1,
        4..=8 => 2,
        n => n / 3,
    };
    // Long inputs cannot be close to short names; skip the quadratic work.
    if a.len().abs_diff(b.len()) > limit.max(12) {
        return None;
    }
    let distance = edit_distance(a, b);
    if distance <= limit {
        return Some(distance);
    }
    // `functionName` for `function`, `url` for `imageUrl`: one contains the other.
    if shorter >= 5 && (starts_or_ends(a, b) || starts_or_ends(b, a)) {
        return Some(a.len().abs_diff(b.len()) + 1);
    }
    None
}

fn starts_or_ends(long: &[char], short: &[char]) -> bool {
    long.len() > short.len() && (long.starts_with(short) || long.ends_with(short))
}

fn normalize(name: &str) -> Vec<char> {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .take(256)
        .collect()
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_in_both_spellings() {
        let fields = ["topLabel", "text", "bottomLabel", "wrapText", "startIcon"];
        assert_eq!(closest("top_lable", fields), Some("topLabel"));
        assert_eq!(closest("wrap_txt", fields), Some("wrapText"));
        assert_eq!(closest("TEXT", fields), Some("text"));
        assert_eq!(closest("startIcn", fields), Some("startIcon"));
        assert_eq!(
            closest("functionName", ["function", "parameters"]),
            Some("function")
        );
        assert_eq!(closest("colour", ["color", "text"]), Some("color"));
    }

    #[test]
    fn rejects_far_names() {
        assert_eq!(closest("foo", ["topLabel", "bottomLabel"]), None);
        assert_eq!(closest("", ["a"]), None);
        assert_eq!(closest("x", std::iter::empty()), None);
        assert_eq!(closest(&"a".repeat(10_000), ["text"]), None);
    }

    #[test]
    fn transposition_counts_as_one_edit() {
        assert_eq!(edit_distance(&normalize("ab"), &normalize("ba")), 1);
        assert_eq!(
            edit_distance(&normalize("kitten"), &normalize("sitting")),
            3
        );
    }
}
