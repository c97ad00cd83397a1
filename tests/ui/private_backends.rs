#![feature(coroutines)]

mod shop {
    pub mod shelf {
        use pygen::{Generator, generator};

        // Visible in `shop` only; so are `items::stackless` and friends.
        #[generator]
        pub(super) fn items() -> impl Generator<Item = u32> {
            (yield 1)?;
            Ok(())
        }
    }

    pub fn first() -> Option<u32> {
        shelf::items::stackful().next()
    }
}

fn main() {
    let _ = shop::first();
    let _ = shop::shelf::items::stackful();
}
