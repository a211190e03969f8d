use chat_card::card;

fn main() {
    let hosts = ["db-1"];
    let _ = card! {
        section {
            for host in &hosts { collapsible: true }
        }
    };
}
