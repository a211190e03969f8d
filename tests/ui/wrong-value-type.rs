use chat_card::card;

fn main() {
    let _ = card! {
        section {
            collapsible: "yes"
            text "x"
        }
    };
}
