use chat_card::message;

fn main() {
    let _ = message! {
        text: "<b>db-1</b> is down"
    };
}
