use chat_card::message;

fn main() {
    let urgent = true;
    let _ = message! {
        text: "x"
        if urgent { card "a" { section { text "a" } } } else { accessory { buttons { button "Open" { link: "https://example.com" } } } }
    };
}
