use chat_card::card;

fn main() {
    let _ = card! {
        header { title: "Disk full", image: "https://example.com/a.png", image_type: circle }
        section { text "x" }
    };
}
