#![feature(coroutines)]
use pygen::generator;

#[generator]
fn demo() -> impl pygen::Generator<Item = &'static str, Send = String> {
    println!("Take {:?}", yield "Hello");
    Ok(())
}

fn main() {}
