#![feature(coroutines)]
use pygen::generator;

// A value of the wrong type is reported at the `yield`, for both backends'
// bodies, with the item type it should have.
#[generator]
fn numbers() -> impl pygen::Generator<Item = u32> {
    (yield "one")?;
    Ok(())
}

fn main() {}
