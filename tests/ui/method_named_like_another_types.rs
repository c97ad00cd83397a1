#![feature(coroutines)]
use pygen::{Generator, generator};

struct Deck {
    cards: Vec<u32>,
}

#[generator]
impl Deck {
    /// Named like `Iterator::take`. Inside the body, `x.take(n)` on a
    /// variable or field may be a call of this generator on another deck, so
    /// it borrows `x`; another type's `take` that consumes `x` must be
    /// written as a path call: `Iterator::take(cards, n)`.
    #[generator]
    fn take(&self, n: usize) -> impl Generator<Item = u32> + '_ {
        let cards = self.cards.iter();
        for card in cards.take(n) {
            (yield *card)?;
        }
        Ok(())
    }
}

fn main() {}
