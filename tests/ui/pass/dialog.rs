use chat_card::dialog;

fn main() {
    let answer = dialog! {
        section { text_input "name" { label: "Name" } }
        fixed_footer { primary_button { text: "Save", color: "#1a73e8", action: "save" } }
    }
    .unwrap();
    assert!(answer.as_str().starts_with(r#"{"actionResponse":{"type":"DIALOG""#));
}
