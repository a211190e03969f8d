// A deprecated field Chat still draws is a compiler warning, not an error; with
// `#![deny(warnings)]` it stops the build.
#![deny(warnings)]

use chat_card::card;

fn main() {
    let _ = card! {
        section { decorated { text: "x", icon: STAR } }
    };
}
