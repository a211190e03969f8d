use chat_card::card;

fn main() {
    let _ = card! {
        section { text "x" }
        fixed_footer { primary_button { text: "OK", color: "#1a73e8", link: "https://example.com" } }
    };
}
