#![feature(coroutines)]
use pygen::generator;

#[generator]
async fn fetch() -> impl pygen::Generator<Item = u32> {
    (yield 1)?;
    Ok(())
}

fn main() {}
