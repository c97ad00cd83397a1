#![feature(coroutines)]
use pygen::generator;

#[generator]
fn each(items: Vec<u32>) -> impl pygen::Generator<Item = u32> {
    items.into_iter().for_each(|x| {
        let _ = yield x;
    });
    Ok(())
}

fn main() {}
