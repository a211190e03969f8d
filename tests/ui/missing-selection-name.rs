use chat_card::card;

fn main() {
    let _ = card! {
        section {
            selection { label: "Size", item "Small" { value: "s" } }
        }
    };
}
