use chat_card::card;

fn main() {
    let _ = card! {
        section {
            text "<div>db-1 is down</div>"
        }
    };
}
