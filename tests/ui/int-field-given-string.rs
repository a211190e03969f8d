use chat_card::card;

fn main() {
    let lines = "3";
    let _ = card! {
        section { text "x" { max_lines: lines } }
    };
}
