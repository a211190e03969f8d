use chat_card::card;

fn main() {
    let choices = ["a", "b"];
    let _ = card! {
        section {
            selection "pick" {
                for c in &choices { item c }
            }
        }
    };
}
