use chat_card::card;

fn main() {
    let _ = card! {
        section {
            decorated { text: "x", start_icon: { known_icon: STAR, icon_url: "https://example.com/a.png" } }
        }
    };
}
