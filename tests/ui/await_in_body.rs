#![feature(coroutines)]
use pygen::generator;

#[generator]
fn fetch_all(pages: Vec<std::future::Ready<u32>>) -> impl pygen::Generator<Item = u32> {
    for page in pages {
        (yield page.await)?;
    }
    Ok(())
}

fn main() {}
