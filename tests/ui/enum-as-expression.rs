use chat_card::card;

fn main() {
    let _ = card! {
        header { title: "x", image: "https://example.com/a.png", image_type: ImageType::Circle }
        section { text "x" }
    };
}
