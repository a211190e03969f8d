// Chat ignores output-only fields in a request: a compiler warning, which
// `#![deny(warnings)]` turns into an error.
#![deny(warnings)]

use chat_card::message;

fn main() {
    let _ = message! {
        text: "x"
        name: "spaces/AAA/messages/BBB"
    };
}
