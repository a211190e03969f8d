use chat_card::card;

fn main() {
    let _ = card! {
        section {
            decorated {
                text: "Alerts"
                end_icon: STAR
                switch_control { name: "alerts" }
            }
        }
    };
}
