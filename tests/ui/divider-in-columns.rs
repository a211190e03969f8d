use chat_card::card;

fn main() {
    let _ = card! {
        section {
            columns {
                column { text "left" divider }
                column { text "right" }
            }
        }
    };
}
