// A stackless generator is Send exactly when its state is: an `Rc` held
// across a `yield` makes it !Send.
#![feature(coroutines)]
use pygen::{generator, Generator};
use std::rc::Rc;

#[generator]
fn counter(start: Rc<u32>) -> impl Generator<Item = u32> {
    (yield *start)?;
    (yield *start + 1)?;
    Ok(())
}

fn main() {
    let g = counter::stackless(Rc::new(1));
    std::thread::spawn(move || g.count());
}
