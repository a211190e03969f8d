use chat_card::card;

fn main() {
    let _ = card! {
        thread_key: "deploy-42",
        section { text "x" }
    };
}
