//! Tells the crate whether its compiler is a nightly. The `stackless` backend
//! (a default feature) is built on nightly coroutines; on a stable compiler the
//! crate then stops with one error that says what to do, instead of rustc's
//! errors about `#![feature]`.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(pygen_stackless, pygen_stackless_needs_nightly, docsrs)");
    if env::var_os("CARGO_FEATURE_STACKLESS").is_none() {
        return;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .unwrap_or_default();
    let nightly = version.contains("-nightly")
        || version.contains("-dev")
        || env::var_os("RUSTC_BOOTSTRAP").is_some();
    if nightly {
        println!("cargo::rustc-cfg=pygen_stackless");
    } else {
        println!("cargo::rustc-cfg=pygen_stackless_needs_nightly");
    }
}
