use chat_card::card;

fn main() {
    let _ = card! {
        header { title: "Disk full", title: "Disk almost full" }
        section { text "x" }
    };
}
