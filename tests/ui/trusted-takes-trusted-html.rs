use chat_card::card;

fn main() {
    let html = String::from("<b>x</b>");
    let _ = card! {
        section { text trusted(html) }
    };
}
