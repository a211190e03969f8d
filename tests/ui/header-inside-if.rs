use chat_card::card;

fn main() {
    let urgent = true;
    let _ = card! {
        if urgent { header { title: "Urgent" } }
        section { text "x" }
    };
}
