use chat_card::card;

fn main() {
    let _ = card! {
        section {
            text "**db-1** is down"
        }
    };
}
