#![feature(coroutines)]
use pygen::generator;

struct Tree;

// The attribute on the method alone cannot add `walk_stackless` and
// `walk_stackful` next to it: the impl block needs #[generator] too.
impl Tree {
    #[generator]
    fn walk(&self) -> impl pygen::Generator<Item = u32> + '_ {
        (yield 1)?;
        Ok(())
    }
}

fn main() {}
