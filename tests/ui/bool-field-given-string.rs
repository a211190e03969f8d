use chat_card::card;

fn main() {
    let flag = "yes";
    let _ = card! {
        section {
            collapsible: flag
            text "x"
        }
    };
}
