use chat_card::card;

fn main() {
    let _ = card! {
        header { title { "Disk full" } }
        section { text "x" }
    };
}
