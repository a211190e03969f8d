use chat_card::card;

fn main() {
    let _ = card! {
        section {
            buttons { button "Ack" { param "host" { value: "db-1" } } }
        }
    };
}
