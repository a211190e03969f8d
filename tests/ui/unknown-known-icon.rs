use chat_card::card;

fn main() {
    let _ = card! {
        section {
            decorated { text: "Disk full", start_icon: DESCRIPTON }
        }
    };
}
