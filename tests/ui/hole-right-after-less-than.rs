use chat_card::message;

fn main() {
    let target = "users/123";
    let _ = message! { text: "ping <{target}>" };
}
