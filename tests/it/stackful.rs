//! Issue 3's recursion: tree walks on both backends, yields from nested calls,
//! and stacks sized for deep recursion.

use pygen::stackful::stack::{self, DEFAULT_STACK_SIZE};
use pygen::{Co, Error, Generator, Outcome, Stackful};
use pygen_support::tree::{Tree, inorder_stackful, inorder_stackless};
use std::convert::Infallible;

#[test]
fn a_tree_walk_gives_the_same_sequence_on_both_backends() {
    let values = [
        50, 30, 70, 20, 40, 60, 80, 10, 25, 35, 45, 55, 65, 75, 85, 5,
    ];
    let t = Tree::balanced(values);
    let mut sorted = values.to_vec();
    sorted.sort();
    let stackless: Vec<i64> = inorder_stackless(t.clone()).collect();
    let stackful: Vec<i64> = inorder_stackful(t, DEFAULT_STACK_SIZE).collect();
    assert_eq!(stackless, sorted);
    assert_eq!(stackful, sorted);
}

#[test]
fn a_deep_tree_walks_on_a_stack_sized_for_it() {
    // 2_000 nested calls of the recursive walk: more than the default 64 KiB
    // stack holds in a debug build, so this needs the configured size.
    let depth = 2_000;
    let t = Tree::left_spine(depth);
    assert_eq!(t.depth(), depth as usize);
    let expected: Vec<i64> = (1..=depth).collect();
    let stackful: Vec<i64> = inorder_stackful(t, 8 << 20).collect();
    assert_eq!(stackful, expected);
    // The stackless walk delegates through 2_000 boxed generators, on the
    // caller's stack; run it on a thread with room for that chain.
    let stackless = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || inorder_stackless(Tree::left_spine(depth)).collect::<Vec<i64>>())
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(stackless, expected);
}

fn countdown(co: &Co<u32, u32>, n: u32, log: &mut Vec<String>) -> Result<(), Error<Infallible>> {
    if n == 0 {
        return Ok(());
    }
    // Yield from three calls deep, and see what was sent at that depth.
    let sent = co.yield_(n)?;
    log.push(format!("depth {n} got {sent:?}"));
    countdown(co, n - 1, log)
}

#[test]
fn a_stackful_body_yields_from_nested_calls_and_receives_sends_there() {
    let mut g = Stackful::<u32, u32, Vec<String>>::new(|co| {
        let mut log = vec![];
        countdown(co, 3, &mut log)?;
        Ok(log)
    });
    assert_eq!(g.resume(), Ok(Outcome::Yielded(3)));
    assert_eq!(g.send(30), Ok(Outcome::Yielded(2)));
    assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
    assert_eq!(
        g.send(10),
        Ok(Outcome::Returned(vec![
            "depth 3 got Some(30)".to_string(),
            "depth 2 got None".into(),
            "depth 1 got Some(10)".into(),
        ]))
    );
}

#[test]
fn stacks_are_pooled_and_reused() {
    stack::clear_pool();
    assert_eq!(stack::pooled_stacks(), 0);
    let mut g = Stackful::<u8>::new(|co| {
        co.yield_(1)?;
        Ok(())
    });
    assert_eq!(g.next(), Some(1));
    drop(g); // suspended: closed, then its stack goes back to the pool
    assert_eq!(stack::pooled_stacks(), 1);
    let g = Stackful::<u8>::new(|_| Ok(()));
    assert_eq!(
        stack::pooled_stacks(),
        0,
        "the new generator took the pooled stack"
    );
    drop(g);
    assert_eq!(stack::pooled_stacks(), 1);
    // A much larger request does not take a small pooled stack.
    let big = Stackful::<u8>::with_stack_size(4 << 20, |_| Ok(()));
    assert_eq!(stack::pooled_stacks(), 1);
    drop(big);
    assert_eq!(stack::pooled_stacks(), 2);
    stack::clear_pool();
}

#[test]
fn tiny_stack_requests_are_rounded_up_and_can_fail_cleanly() {
    let g = Stackful::<u8>::try_with_stack_size(1, |co| {
        co.yield_(7)?;
        Ok(())
    })
    .expect("rounded up to MIN_STACK_SIZE");
    assert_eq!(g.collect::<Vec<_>>(), [7]);
    let err = Stackful::<u8>::try_with_stack_size(usize::MAX / 2, |_| Ok(()));
    assert!(
        err.is_err(),
        "an impossible stack is an io::Error, not a panic"
    );
}
