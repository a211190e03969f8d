use chat_card::card;

fn main() {
    let _ = card! {
        section { decorated { text: "x", icon: STAR } }
    };
}
