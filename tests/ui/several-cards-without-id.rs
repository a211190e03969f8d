use chat_card::message;

fn main() {
    let _ = message! {
        card { section { text "one" } }
        card { section { text "two" } }
    };
}
