//! Wording shared by every message the validator and the `card!` macro write.

/// A name with its indefinite article: "a card header", "an image".
///
/// ```
/// use chat_card_core::wording::article;
/// assert_eq!(article("image"), "an image");
/// assert_eq!(article("card header"), "a card header");
/// ```
pub fn article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {name}", if vowel { "an" } else { "a" })
}
