//! "Did you mean" suggestions for misspelled names.
