// HTML in message text is shown literally: Chat accepts it, so it is a compiler warning
// naming the Chat markup form; with `#![deny(warnings)]` it stops the build.
#![deny(warnings)]

use chat_card::message;

fn main() {
    let _ = message! {
        text: "<b>db-1</b> is down"
    };
}
