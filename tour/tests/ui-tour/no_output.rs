// Mistake c) "No Output": calling a generator function runs nothing.
#![feature(coroutines)]
#![deny(unused_must_use)]
use pygen_tour::tutorial::count_x;

fn main() {
    count_x(3);
}
