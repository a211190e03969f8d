use chat_card::card;

fn main() {
    let _ = card! {
        section {
            columns {
                column { text "one" }
                column { text "two" }
                column { text "three" }
            }
        }
    };
}
