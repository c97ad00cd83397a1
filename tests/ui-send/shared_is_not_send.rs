// `Shared` is a reference-counted handle (like a Python reference) for one
// thread: even over a Send generator it is !Send.
#![feature(coroutines)]
use pygen::{generator, Generator, Shared};

#[generator]
fn numbers() -> impl Generator<Item = u32> {
    (yield 1)?;
    Ok(())
}

fn main() {
    let g = Shared::new(numbers::stackless());
    std::thread::spawn(move || g.count());
}
