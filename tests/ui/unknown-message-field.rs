use chat_card::message;

fn main() {
    let _ = message! {
        text: "x"
        thread_kee: "deploy-42"
    };
}
