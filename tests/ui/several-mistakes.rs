use chat_card::card;

fn main() {
    let _ = card! {
        header { titel: "Disk full" }
        section {
            paragraph "x"
            buttons { button "Open" { link: "/d/abc" } }
            image { image_url: "https://example.com/a.png", alt: "graph", image_type: OVAL }
        }
    };
}
