//! The expansion of `card!` and `message!` uses absolute paths only: it works without
//! the prelude and next to local items named like the ones it uses.

#![no_implicit_prelude]
#![allow(dead_code, non_camel_case_types, clippy::disallowed_names)]

extern crate chat_card;
extern crate std as real_std;

use chat_card::{card, message};

// Local items shadowing what a careless expansion would use.
mod core {}
mod std {}
mod chat_card_shadow {}
struct String;
struct Vec;
struct Option;
struct Some;
struct None;
struct Result;
struct Ok;
struct Err;
struct Writer;
struct JsonMessage;
struct BuildError;
// A local *variable* named like the expansion's buffer does not clash (the expansion's
// names are hygienic); see `locals_named_like_the_expansion`.

#[test]
fn static_card_without_prelude() {
    let built = card! {
        header { title: "db-1 unreachable" }
        section "Details" { text "<b>db-1</b> failed" divider }
    };
    real_std::assert!(built.is_ok());
}

#[test]
fn dynamic_message_without_prelude() {
    let host = "db-1";
    let hosts = ["a", "b"];
    let urgent = true;
    let count: i32 = 1;
    let built = message! {
        text: "{host} is down",
        thread_key: "alert-{host}",
        card "alert" {
            section "{host}" {
                collapsible: urgent, uncollapsible: count,
                for h in hosts { text "{h}" }
                if urgent { text "urgent" } else { text "later" }
                buttons { button "Open" { link: "https://example.com/{host}" } }
            }
        }
    };
    match built {
        ::core::result::Result::Ok(msg) => real_std::assert!(msg.as_str().contains("urgent")),
        ::core::result::Result::Err(e) => real_std::panic!("{e}"),
    }
}

#[test]
fn locals_named_like_the_expansion() {
    let __chat_card_writer = "user value";
    let w = "w";
    let built = card! { section { text "{__chat_card_writer} {w}" } };
    match built {
        ::core::result::Result::Ok(msg) => real_std::assert!(msg.as_str().contains("user value w")),
        ::core::result::Result::Err(e) => real_std::panic!("{e}"),
    }
}
