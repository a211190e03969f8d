use chat_card::card;

fn main() {
    let _ = card! { id: "nothing" };
}
