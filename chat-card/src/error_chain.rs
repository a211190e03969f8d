//! Printing an error with its causes.
//!
//! The crate's error messages never repeat their `source()`: a message says what went
//! wrong at its level, and the cause (the connection error, the OS error) is the next
//! error of the chain. To show all of it on one line (a log, a CLI, a status page), use
//! [`error_chain`].

use std::error::Error;
use std::fmt;

/// An error shown with its causes: its message, then `: cause` for each error of its
/// `source()` chain (what `anyhow` shows for `{:#}`).
pub struct Chain<'a>(&'a dyn Error);

/// `e` with its causes, for `{}`.
///
/// ```
/// let e = std::io::Error::other("the disk is full");
/// assert_eq!(chat_card::error_chain(&e).to_string(), "the disk is full");
/// ```
pub fn error_chain<'a>(e: &'a (dyn Error + 'a)) -> Chain<'a> {
    Chain(e)
}

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("could not do it; try again")
        }
    }

    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn prints_the_message_then_each_cause() {
        let e = Outer(std::io::Error::other("the disk is full"));
        assert_eq!(
            error_chain(&e).to_string(),
            "could not do it; try again: the disk is full"
        );
        let leaf = std::io::Error::other("alone");
        assert_eq!(error_chain(&leaf).to_string(), "alone");
    }
}
