// Mistake a) "No Index": `gen[0]` on a generator.
#![feature(coroutines)]
use pygen_tour::tutorial::count_x;

fn main() {
    let g = count_x(5);
    println!("{}", g[0]);
}
