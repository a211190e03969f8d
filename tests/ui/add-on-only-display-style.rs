use chat_card::card;

fn main() {
    let _ = card! {
        display_style: PEEK
        section { text "x" }
    };
}
