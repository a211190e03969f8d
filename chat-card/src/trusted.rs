//! [`TrustedHtml`]: markup the caller vouches for, the visible opt-in to skip escaping.

use std::borrow::Cow;
use std::fmt;

use crate::BuildError;

/// Card text in Chat's HTML subset that `card!` writes as is, instead of escaping it.
///
/// By default every value interpolated into card text is HTML-escaped, so data can never
/// inject tags or links. When a value *is* markup (built by your own code from parts you
/// escaped), wrap it in a `TrustedHtml` and write `trusted(value)` in the card. The markup
/// is checked against the card HTML subset (`<b> <i> <u> <s> <font color> <a href>
/// <time> <br> <code> <pre> <ul> <ol> <li>`) when the `TrustedHtml` is created.
///
/// ```
/// use chat_card::{card, TrustedHtml};
/// let status = TrustedHtml::new("<font color=\"#188038\">healthy</font>")?;
/// let msg = card! { section { text trusted(status) } }?;
/// assert!(msg.as_str().contains("<font color=\\\"#188038\\\">healthy</font>"));
/// assert!(TrustedHtml::new("<script>x</script>").is_err());
/// # Ok::<(), chat_card::BuildError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TrustedHtml {
    html: Cow<'static, str>,
}

impl TrustedHtml {
    /// Checks `html` against the card HTML subset.
    pub fn new(html: impl Into<Cow<'static, str>>) -> Result<TrustedHtml, BuildError> {
        let html = html.into();
        match chat_card_core::markup::check_card_html(&html) {
            Ok(()) => Ok(TrustedHtml { html }),
            Err(e) => Err(BuildError::InvalidMarkup {
                message: e.to_string(),
            }),
        }
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.html
    }
}

impl fmt::Display for TrustedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.html)
    }
}

impl fmt::Debug for TrustedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TrustedHtml").field(&self.html).finish()
    }
}

impl AsRef<str> for TrustedHtml {
    fn as_ref(&self) -> &str {
        &self.html
    }
}
