use chat_card::card;

fn main() {
    let collapsible = true;
    let count: i32 = 1;
    let lines = 3;
    let msg = card! {
        section {
            collapsible: collapsible,
            uncollapsible: count,
            text "one" { max_lines: lines }
            text "two"
        }
    };
    assert!(msg.is_ok());
}
