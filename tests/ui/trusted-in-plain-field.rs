use chat_card::card;

fn main() {
    let html = chat_card::TrustedHtml::new("<b>x</b>").unwrap();
    let _ = card! {
        header { title: trusted(html) }
        section { text "x" }
    };
}
