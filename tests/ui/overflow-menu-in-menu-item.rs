use chat_card::card;

fn main() {
    let _ = card! {
        section {
            buttons {
                button "More" {
                    on_click { overflow_menu { item "Nested" { on_click { overflow_menu { item "x" { link: "https://example.com" } } } } } }
                }
            }
        }
    };
}
