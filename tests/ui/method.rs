#![feature(coroutines)]
use pygen::generator;

struct Tree;

impl Tree {
    #[generator]
    fn walk(&self) -> impl pygen::Generator<Item = u32> {
        (yield 1)?;
        Ok(())
    }
}

fn main() {}
