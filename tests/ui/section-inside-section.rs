use chat_card::card;

fn main() {
    let _ = card! {
        section "Outer" {
            text "x"
            section "Inner" { text "y" }
        }
    };
}
