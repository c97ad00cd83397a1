#![feature(coroutines)]
#![deny(unused_must_use)]
use pygen::generator;

// A `yield` or `yield_from!` whose result is dropped (the throw or close it
// may carry is ignored): the lint points at the statement, for both
// backends' bodies, never at the attribute.
#[generator]
fn two() -> impl pygen::Generator<Item = u32> {
    yield 1;
    Ok(())
}

#[generator]
fn three() -> impl pygen::Generator<Item = u32> {
    yield_from!(two::stackful());
    yield 3;
    Ok(())
}

fn main() {}
