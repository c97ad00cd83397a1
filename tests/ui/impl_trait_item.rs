#![feature(coroutines)]
use pygen::generator;

// The generator's types are named in its body and in the stackful variant's
// type, where `impl Trait` cannot stand.
#[generator]
fn opaque(n: u32) -> impl pygen::Generator<Item = Vec<impl std::fmt::Debug>> {
    (yield vec![n])?;
    Ok(())
}

fn main() {}
