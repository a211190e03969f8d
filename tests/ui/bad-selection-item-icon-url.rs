use chat_card::card;

fn main() {
    let _ = card! {
        section { selection "s" { type: MULTI_SELECT, item "a" { value: "a", start_icon_uri: "ftp://example.com/a.png" } } }
    };
}
