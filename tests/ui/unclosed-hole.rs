use chat_card::card;

fn main() {
    let host = "db-1";
    let _ = card! {
        section {
            text "{host is down"
        }
    };
}
