#![feature(coroutines)]
use pygen::{Generator, generator};

#[generator]
fn words<'a>(text: &'a str) -> impl Generator<Item = &'a str> {
    for w in text.split_whitespace() {
        (yield w)?;
    }
    Ok(())
}

fn main() {
    let text = String::from("a b");
    // Fine: the stackless backend borrows.
    assert_eq!(words(&text).count(), 2);
    // The stackful body lives on its own stack, which may outlive `text`.
    let _ = words::stackful(&text);
}
