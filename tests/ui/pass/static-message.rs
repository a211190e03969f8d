use chat_card::message;

fn main() {
    let msg = message! {
        text: "Deploy finished",
        fallback_text: "Deploy finished: 2 services",
        thread_key: "deploy-42",
        card "api" { header { title: "api" } section { text "deployed" } }
        card "web" { header { title: "web" } section { text "deployed" } }
    };
    assert!(msg.is_ok());
}
