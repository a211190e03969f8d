use chat_card::card;

fn main() {
    let _ = card! {
        header { titel: "Disk full" }
        section { text "x" }
    };
}
