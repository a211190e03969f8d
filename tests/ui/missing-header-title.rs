use chat_card::card;

fn main() {
    let _ = card! {
        header { subtitle: "db-1" }
        section { text "x" }
    };
}
