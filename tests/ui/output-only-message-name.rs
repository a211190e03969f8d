use chat_card::message;

fn main() {
    let _ = message! {
        text: "x"
        name: "spaces/AAA/messages/BBB"
    };
}
