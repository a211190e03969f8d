//! Finds which real servers the tests can start here. Outside CI a missing one sets a cfg
//! that marks its tests ignored, with the reason; under CI (`CI=true`) nothing is set,
//! so the tests run and fail on the missing program instead of passing unseen.

use std::path::Path;

fn on_path(names: &[&str]) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| Path::new(&dir).join(n).is_file()))
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(missing_redis_server)");
    println!("cargo::rustc-check-cfg=cfg(missing_chromium)");
    println!("cargo::rustc-check-cfg=cfg(missing_alertmanager)");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=CHAT_CARD_CHROMIUM");
    if std::env::var("CI").as_deref() == Ok("true") {
        return;
    }
    if !on_path(&["redis-server"]) {
        println!("cargo::rustc-cfg=missing_redis_server");
    }
    if !on_path(&["prometheus-alertmanager", "alertmanager"]) {
        println!("cargo::rustc-cfg=missing_alertmanager");
    }
    let chromium_set =
        std::env::var_os("CHAT_CARD_CHROMIUM").is_some_and(|p| Path::new(&p).is_file());
    if !chromium_set
        && !on_path(&[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ])
    {
        println!("cargo::rustc-cfg=missing_chromium");
    }
}
