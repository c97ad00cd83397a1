// FAQ "Can we reuse a generator?": a for loop consumes it.
#![feature(coroutines)]
use pygen_tour::tutorial::count_x;

fn main() {
    let g = count_x(3);
    for x in g {
        println!("{x}");
    }
    for x in g {
        println!("{x}");
    }
}
