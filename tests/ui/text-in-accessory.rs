use chat_card::message;

fn main() {
    let _ = message! {
        text: "Deploy finished"
        accessory { text "Not a button" }
    };
}
