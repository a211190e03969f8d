use chat_card::card;

fn main() {
    let _ = card! {
        section {
            carousel {
                card { grid { title: "Hosts", item "db-1" } }
            }
        }
    };
}
