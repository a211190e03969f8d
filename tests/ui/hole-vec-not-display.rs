use chat_card::message;

fn main() {
    let hosts: Vec<String> = vec!["db-1".into()];
    let _ = message! { text: "Down: {hosts}" };
}
