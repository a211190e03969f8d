use chat_card::card;

fn main() {
    let _ = card! {
        section {
            text_input "reason" { label: "Reason", type: PASSWORD }
        }
    };
}
