use chat_card::{TrustedHtml, card, message};

// Items of `if` / `else` branches are alternatives: two columns plus a choice of a third
// kind of column is still at most two columns at runtime.
fn main() {
    let wide = true;
    let ratio = 0.456;
    let status = TrustedHtml::new("<font color=\"#188038\">healthy</font>").unwrap();
    let built = card! {
        section {
            collapsible: true, uncollapsible: 1,
            columns {
                column { text "left" }
                if wide { column { text "right, wide" } } else { column { text "right" } }
            }
            text "ratio {ratio:.2}, status " 
            text trusted(status)
        }
    };
    assert!(built.is_ok());
    let urgent = false;
    let built = message! {
        text: "x",
        if urgent { card "alert" { section { text "urgent" } } } else { card "alert" { section { text "later" } } }
    };
    assert!(built.is_ok());
}
