use chat_card::card;

fn main() {
    let _ = card! {
        section {
            chips { layout: SCROLLING, chip "prod" { link: "https://example.com" } }
        }
    };
}
