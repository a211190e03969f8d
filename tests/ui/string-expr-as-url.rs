use chat_card::card;

fn main() {
    let url = String::from("https://example.com");
    let _ = card! {
        section {
            buttons { button "Open" { link: url } }
        }
    };
}
