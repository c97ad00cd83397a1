#![feature(coroutines)]
use pygen::generator;

#[generator]
fn echo() -> impl pygen::Generator<Send = String> {
    (yield 1)?;
    Ok(())
}

fn main() {}
