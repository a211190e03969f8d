//! Reading the files and standard input the commands are given, within a size cap: a
//! message Chat takes is at most 32,000 bytes, so a bigger input is a mistake (a log
//! file, `/dev/zero`, `/dev/urandom`) and is refused after [`MAX_INPUT_BYTES`] bytes
//! instead of filling memory.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::terminal::safe;

/// The most bytes read from one file or from standard input: 16 MiB, five hundred times
/// Chat's largest message (JSON Lines for `send` hold many messages).
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Whether the path names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of an input for messages: `<stdin>`, or the path with control characters
/// escaped (a file name can hold terminal escape sequences).
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        safe(&path.display().to_string()).into_owned()
    }
}

/// The bytes of a file, or of standard input for `-`; an error (without the name, which
/// the caller prints) when it cannot be read or holds more than [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let (what, reader): (&str, Box<dyn Read>) = if is_stdin(path) {
        ("standard input", Box::new(std::io::stdin().lock()))
    } else {
        let file = File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
        ("the file", Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{what} holds more than {} MiB, the most chat-card reads (a Chat message is at \
             most 32,000 bytes): give a JSON message or card file, or split JSON Lines \
             into smaller files",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// The text of a file, or of standard input for `-`: [`read_bytes`], then UTF-8.
pub fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|_| "the file is not valid UTF-8; save it as UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_input_stops_at_the_cap() {
        let err = read_bytes(Path::new("/dev/zero")).unwrap_err();
        assert!(err.contains("more than 16 MiB"), "{err}");
        assert!(read_text(Path::new("/no/such/file")).is_err());
    }
}
