use chat_card::message;

fn main() {
    let _ = message! {
        text: "x"
        action_response { type: UPDATE }
    };
}
