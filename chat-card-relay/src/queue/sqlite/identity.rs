//! The identity of a queue database, kept twice: inside the database (table `meta`) and
//! in a small file beside it (`queue.id`). Each holds the database's random id and how
//! many messages it has accepted so far; the database's count is written in the same
//! transaction as each accepted message, the file's right after the commit.
//!
//! Comparing the two at start notices a database file that was emptied, truncated,
//! deleted or replaced (the file names an id the database does not hold), and commits
//! lost from the write-ahead log (the database counts fewer accepted messages than the
//! file). The file is rewritten in place without `fsync` (one `pwrite` per accepted
//! message): it survives the relay's crash (`kill -9`) through the page cache; after a
//! power loss it may lag behind the database, which is taken as the file lagging, not as
//! a loss.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The identity file's name in the state directory.
pub(crate) const ID_FILE: &str = "queue.id";

const HEADER: &str = "chat-card-relay queue";

/// A database's identity: its random id and the number of messages it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) id: String,
    pub(crate) accepted: i64,
}

impl Identity {
    /// A new database's identity.
    pub(crate) fn fresh() -> Self {
        Identity {
            id: uuid::Uuid::new_v4().simple().to_string(),
            accepted: 0,
        }
    }

    /// The file's text: always the same length for one id, so an update rewrites it in
    /// place.
    fn text(&self) -> String {
        format!(
            "{HEADER}\nid {}\naccepted {:020}\n",
            self.id,
            self.accepted.max(0)
        )
    }

    fn parse(text: &str) -> Option<Identity> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let id = lines.next()?.strip_prefix("id ")?;
        let accepted = lines.next()?.strip_prefix("accepted ")?.parse().ok()?;
        let valid_id =
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
        valid_id.then(|| Identity {
            id: id.to_owned(),
            accepted,
        })
    }
}

/// The identity file of a state directory, open for updates.
#[derive(Debug)]
pub(crate) struct IdFile {
    path: PathBuf,
    file: File,
}

impl IdFile {
    /// The identity recorded in `dir`, if the file exists. `Err` says what is wrong
    /// with a file that exists but cannot be read.
    pub(crate) fn read(dir: &Path) -> Result<Option<Identity>, String> {
        let path = dir.join(ID_FILE);
        let mut text = String::new();
        match File::open(&path) {
            Ok(mut f) => f
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Identity::parse(&text).map(Some).ok_or_else(|| {
            format!(
                "{} is damaged (it should hold the queue database's id and count); remove it \
                 to trust the database as it is (it is written again from the database)",
                path.display()
            )
        })
    }

    /// Writes `identity` to `dir`'s identity file (mode 0600) and syncs it to disk.
    pub(crate) fn create(dir: &Path, identity: &Identity) -> Result<IdFile, String> {
        let path = dir.join(ID_FILE);
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let id_file = IdFile { path, file };
        id_file.update(identity)?;
        id_file
            .file
            .sync_all()
            .map_err(|e| format!("cannot write {}: {e}", id_file.path.display()))?;
        Ok(id_file)
    }

    /// Records a new count, in place and without waiting for the disk.
    pub(crate) fn update(&self, identity: &Identity) -> Result<(), String> {
        self.file
            .write_all_at(identity.text().as_bytes(), 0)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    /// Waits until the file is on disk (on shutdown).
    pub(crate) fn sync(&self) -> Result<(), String> {
        self.file
            .sync_data()
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_keeps_its_length() {
        let mut identity = Identity::fresh();
        let short = identity.text();
        identity.accepted = 123_456_789;
        assert_eq!(identity.text().len(), short.len());
        assert_eq!(Identity::parse(&identity.text()), Some(identity));
        assert_eq!(Identity::parse("something else"), None);
        assert_eq!(
            Identity::parse(&format!("{HEADER}\nid x/y\naccepted 1\n")),
            None
        );
    }
}
