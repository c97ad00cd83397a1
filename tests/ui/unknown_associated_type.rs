#![feature(coroutines)]
use pygen::generator;

#[generator]
fn echo() -> impl pygen::Generator<Item = u32, Yield = u32> {
    (yield 1)?;
    Ok(())
}

fn main() {}
