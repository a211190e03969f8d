use chat_card::card;

fn main() {
    let name = "Details";
    let _ = card! {
        section name { text "x" }
    };
}
