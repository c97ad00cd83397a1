//! Issue 3's recursive generator: an in-order walk of a binary tree on both
//! backends, with the cost of each as the tree gets deeper.
//!
//! ```text
//! $ cargo run --release --example tree_walk
//! balanced tree of 15: stackless [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
//! balanced tree of 15: stackful  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
//!
//! ns per yielded value on a left spine (depth = number of values):
//!  depth    stackless     stackful
//!      1        284.6         49.8
//!    ...          ...          ...
//!    256       1998.8         17.1
//! ```
//!
//! (Timings from one run on the 2-core development machine; they vary.)

use pygen_support::tree::{Tree, inorder_stackful, inorder_stackless};
use std::time::Instant;

fn main() {
    let t = Tree::balanced(1..=15);
    let a: Vec<i64> = inorder_stackless(t.clone()).collect();
    let b: Vec<i64> = inorder_stackful(t, pygen::stackful::stack::DEFAULT_STACK_SIZE).collect();
    println!("balanced tree of 15: stackless {a:?}");
    println!("balanced tree of 15: stackful  {b:?}");
    assert_eq!(a, b, "both backends walk the same sequence");

    println!("\nns per yielded value on a left spine (depth = number of values):");
    println!("{:>6} {:>12} {:>12}", "depth", "stackless", "stackful");
    for depth in [1, 4, 16, 64, 256] {
        let rounds = 20_000 / depth as usize + 1;
        let time = |walk: &dyn Fn() -> usize| {
            let start = Instant::now();
            let mut n = 0;
            for _ in 0..rounds {
                n += walk();
            }
            start.elapsed().as_nanos() as f64 / n as f64
        };
        let t = Tree::left_spine(depth);
        let stackless = time(&|| inorder_stackless(t.clone()).count());
        let stackful = time(&|| inorder_stackful(t.clone(), 1 << 20).count());
        println!("{depth:>6} {stackless:>12.1} {stackful:>12.1}");
    }
    println!("\n(the stackless walk pays one delegation hop per level for every value,");
    println!(" and allocates one boxed generator per node; the stackful walk yields");
    println!(" straight from the recursion. `cargo bench` has the rigorous numbers.)");
}
