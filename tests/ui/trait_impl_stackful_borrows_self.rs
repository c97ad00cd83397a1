#![feature(coroutines)]
use pygen::{Generator, generator};

trait Walk {
    fn walk(&self) -> impl Generator<Item = u32> + '_;
}

struct Tree(Vec<u32>);

// The trait lends `self` for a while; a stackful body could outlive that.
#[generator]
impl Walk for Tree {
    #[generator(stackful)]
    fn walk(&self) -> impl Generator<Item = u32> + '_ {
        for &v in &self.0 {
            (yield v)?;
        }
        Ok(())
    }
}

fn main() {}
