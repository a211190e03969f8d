use chat_card::message;

fn main() {
    let _ = message! {
        card "alert" { section { text "one" } }
        card "alert" { section { text "two" } }
    };
}
