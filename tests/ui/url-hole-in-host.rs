use chat_card::card;

fn main() {
    let host = "grafana.example.com";
    let _ = card! {
        section {
            buttons { button "Open" { link: "https://{host}/d/abc" } }
        }
    };
}
