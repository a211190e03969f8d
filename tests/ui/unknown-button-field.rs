use chat_card::card;

fn main() {
    let _ = card! {
        section { buttons { button "Open" { url: "https://example.com" } } }
    };
}
