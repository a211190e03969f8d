use chat_card::card;

fn main() {
    let detail: Option<&str> = Some("timeout");
    let _ = card! {
        section { decorated { top: "ping", text: detail } }
    };
}
