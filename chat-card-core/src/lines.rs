//! Line and column of byte offsets, for many lookups in one text.
//!
//! [`crate::json::line_col`] scans the text from its start on every call: fine for one
//! position, quadratic for a finding on each of many keys. A [`LineIndex`] is built once
//! in one pass over the text; each lookup then costs a binary search over the line starts
//! and a count over at most one block of 64 bytes, however long the line.

/// Bytes per block of the character-count table: a lookup counts characters over at most
/// this many bytes.
const BLOCK: usize = 64;

/// Line starts and character counts of a text, for [`LineIndex::line_col`] lookups.
///
/// ```
/// use chat_card_core::lines::LineIndex;
/// let text = "{\n  \"é\": x}";
/// let index = LineIndex::new(text);
/// assert_eq!(index.line_col(0), (1, 1));
/// assert_eq!(index.line_col(text.find('x').unwrap()), (2, 8));
/// assert_eq!(index.line_col(10_000), (2, 10));
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of every line (the first is 0).
    line_starts: Vec<usize>,
    /// `chars_before[i]`: the number of characters in `text[..i * BLOCK]`.
    chars_before: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` in one pass.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before.push(count);
            count += char_starts(block);
        }
        chars_before.push(count);
        LineIndex {
            text,
            line_starts,
            chars_before,
        }
    }

    /// The 1-based line and column (counted in characters) of a byte offset, as
    /// [`crate::json::line_col`] gives them: offsets past the end, or inside a character,
    /// are clamped.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut end = offset.min(self.text.len());
        while end > 0 && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        // The last line start at or before `end`; a newline at `end` itself starts the
        // next line after it, so it does not count.
        let line = self.line_starts.partition_point(|start| *start <= end);
        let line_start = self.line_starts[line - 1];
        let column = self.char_index(end) - self.char_index(line_start) + 1;
        (line, column)
    }

    /// The number of characters before the byte offset `at` (a character boundary).
    fn char_index(&self, at: usize) -> usize {
        let block = at / BLOCK;
        let from = block * BLOCK;
        self.chars_before[block] + char_starts(&self.text.as_bytes()[from..at])
    }
}

/// The number of characters that start in `bytes` (every byte but UTF-8 continuation
/// bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::line_col;

    #[test]
    fn agrees_with_the_scan_at_every_offset() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "é\nü😀x\n\n",
            "{\n  \"é\": x}\r\n",
            &"é".repeat(100),
            &format!("{}\n{}", "x".repeat(130), "😀".repeat(40)),
        ];
        for text in texts {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(offset),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
