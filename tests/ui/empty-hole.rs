use chat_card::card;

fn main() {
    let _ = card! {
        section { text "{} is down" }
    };
}
