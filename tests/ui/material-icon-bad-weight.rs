use chat_card::card;

fn main() {
    let _ = card! {
        section { buttons { button "x" { icon { material_icon { name: "check_box", weight: 450 } }, link: "https://example.com" } } }
    };
}
