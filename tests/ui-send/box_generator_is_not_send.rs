// `name::on(backend, ..)` may return a stackful generator, so its
// `BoxGenerator` is !Send whichever backend was picked.
#![feature(coroutines)]
use pygen::{generator, Backend, Generator};

#[generator]
fn numbers() -> impl Generator<Item = u32> {
    (yield 1)?;
    Ok(())
}

fn main() {
    let g = numbers::on(Backend::Stackless);
    std::thread::spawn(move || g.count());
}
