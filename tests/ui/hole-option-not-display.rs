use chat_card::card;

fn main() {
    let owner: Option<String> = None;
    let _ = card! {
        section { text "Owner: {owner}" }
    };
}
