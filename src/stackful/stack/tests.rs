//! The pool's order, size bounds and capacity.

use super::*;

fn fresh(size: usize) -> PoolStack {
    take_fresh(size).expect("a fresh stack")
}

fn base(stack: &PoolStack) -> usize {
    stack.base().get()
}

#[test]
fn a_stack_that_fits_behind_ones_that_do_not_is_taken_from_the_middle() {
    clear_pool();
    let (s1, big, s2) = (fresh(MIN_STACK_SIZE), fresh(DEFAULT_STACK_SIZE), fresh(0));
    let (b1, bbig, b2) = (base(&s1), base(&big), base(&s2));
    give_back(s2);
    give_back(big);
    give_back(s1);
    assert_eq!(pooled_stacks(), 3);
    // The last given back (s1) is too small: the next that fits is taken.
    let taken = take_pooled(DEFAULT_STACK_SIZE).expect("the big stack");
    assert_eq!(base(&taken), bbig);
    assert_eq!(pooled_stacks(), 2);
    // The rest keep their order: s1 first, then s2, then none.
    let first = take_pooled(0).expect("s1");
    let second = take_pooled(MIN_STACK_SIZE).expect("s2");
    assert_eq!((base(&first), base(&second)), (b1, b2));
    assert_eq!(pooled_stacks(), 0);
    assert!(take_pooled(0).is_none());
    // A request below the minimum size is served at the minimum size.
    give_back(first);
    let again = take_pooled(MIN_STACK_SIZE / 2 - 1).expect("s1 again");
    assert_eq!(base(&again), b1);
    // A pooled stack smaller than asked is not taken.
    give_back(second);
    assert!(take_pooled(DEFAULT_STACK_SIZE).is_none());
    assert_eq!(pooled_stacks(), 1);
    // Nor one more than twice the size asked.
    give_back(taken);
    let small = take_pooled(MIN_STACK_SIZE).expect("s2");
    assert_eq!(base(&small), b2);
    assert!(take_pooled(MIN_STACK_SIZE).is_none());
    assert_eq!(pooled_stacks(), 1);
    clear_pool();
    assert_eq!(pooled_stacks(), 0);
    drop((small, again));
}

#[test]
fn the_pool_keeps_at_most_its_capacity() {
    clear_pool();
    let stacks: Vec<_> = (0..POOL_CAPACITY + 3).map(|_| fresh(0)).collect();
    for stack in stacks {
        give_back(stack);
    }
    assert_eq!(pooled_stacks(), POOL_CAPACITY);
    clear_pool();
    assert_eq!(pooled_stacks(), 0);
}
