use chat_card::card;

fn main() {
    let _ = card! {
        section {
            buttons { button "Ack" { link: "https://example.com", color: "#d9302" } }
        }
    };
}
