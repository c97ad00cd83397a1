#![feature(coroutines)]
use pygen::{Co, Error, generator};
use std::convert::Infallible;

fn helper(co: &Co<u32>) -> Result<(), Error<Infallible>> {
    co.yield_(1)?;
    Ok(())
}

#[generator(stackless)]
fn walk() -> impl pygen::Generator<Item = u32> {
    helper(co!())
}

fn main() {}
