// Chat shows Markdown in card text literally but still draws the card: a compiler
// warning, which `#![deny(warnings)]` turns into an error.
#![deny(warnings)]

use chat_card::card;

fn main() {
    let _ = card! {
        section {
            text "**db-1** is down"
        }
    };
}
