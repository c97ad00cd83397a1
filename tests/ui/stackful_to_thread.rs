#![feature(coroutines)]
use pygen::{Generator, generator};

#[generator]
fn count(n: u32) -> impl Generator<Item = u32> {
    for i in 0..n {
        (yield i)?;
    }
    Ok(())
}

fn main() {
    // A stackless generator moves to another thread; a stackful one cannot.
    let g = count::stackless(3);
    std::thread::spawn(move || g.count()).join().unwrap();
    let g = count::stackful(3);
    std::thread::spawn(move || g.count()).join().unwrap();
}
