use chat_card::message;

fn main() {
    // A dialog only opens from an action response of type DIALOG.
    let _ = message! {
        action_response {
            type: UPDATE_MESSAGE
            dialog_action { action_status { status_code: OK } }
        }
    };
}
