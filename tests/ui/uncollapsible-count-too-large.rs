use chat_card::card;

fn main() {
    let _ = card! {
        section {
            collapsible: true
            uncollapsible: 3
            text "one"
            text "two"
        }
    };
}
