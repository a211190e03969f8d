use chat_card::card;

enum Sev {
    High,
    Low,
}

fn main() {
    let sev = Sev::High;
    let hosts = ["a", "b"];
    let degraded = false;
    let msg = card! {
        for host in hosts {
            section "{host}" {
                if degraded { text "degraded" } else if host == "a" { text "first" } else { text "ok" }
                match sev { Sev::High => { text "high" } Sev::Low => { text "low" } }
            }
        }
    };
    assert!(msg.is_ok());
}
