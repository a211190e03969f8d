use chat_card::card;

fn main() {
    let _ = card! {
        section {
            buttons { button "Open" { on_click { open_link { url: "https://example.com", open_as: OVERLAY } } } }
        }
    };
}
