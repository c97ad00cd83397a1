//! Recursive generators over trees: `yield_from!` of the generator itself
//! (a free function, or a method called on a child) stays on the running
//! backend; a stackful walk through plain recursive helpers that yield with
//! `co!()`.

use crate::methods::Tree;
use pygen::{Co, Error, Generator, generator, yield_from};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::rc::Rc;

/// A binary tree.
#[derive(Debug)]
pub struct Node {
    pub left: Option<Box<Node>>,
    pub value: i32,
    pub right: Option<Box<Node>>,
}

impl Node {
    /// A perfect tree of the given depth, valued 1.. in order.
    pub fn perfect(depth: u32) -> Option<Box<Node>> {
        fn build(depth: u32, next: &mut i32) -> Option<Box<Node>> {
            if depth == 0 {
                return None;
            }
            let left = build(depth - 1, next);
            let value = *next;
            *next += 1;
            let right = build(depth - 1, next);
            Some(Box::new(Node { left, value, right }))
        }
        build(depth, &mut 1)
    }
}

#[generator]
impl Node {
    /// In-order values, by recursive `yield from` of the method called on
    /// each child (`&Box<Node>`): the children run on the backend of the
    /// running walk.
    #[generator]
    pub fn values(&self) -> impl Generator<Item = i32, Return = usize> + '_ {
        let mut count = 1;
        if let Some(left) = &self.left {
            count += yield_from!(left.values())?.unwrap_or(0);
        }
        (yield self.value)?;
        if let Some(right) = &self.right {
            count += yield_from!(right.values())?.unwrap_or(0);
        }
        Ok(count)
    }
}

/// A directory: file sizes by name, and subdirectories.
#[derive(Debug, Default)]
pub struct Dir {
    pub files: BTreeMap<String, u64>,
    pub dirs: Vec<Dir>,
}

impl Dir {
    /// `depth` directories, each inside the one before, each with one file
    /// whose size is its depth (1 at the top).
    pub fn nested(depth: u64) -> Dir {
        (1..=depth).rev().fold(Dir::default(), |inner, size| Dir {
            files: BTreeMap::from([(format!("f{size}"), size)]),
            dirs: if size == depth {
                Vec::new()
            } else {
                vec![inner]
            },
        })
    }
}

#[generator]
impl Dir {
    /// Every file size, this directory's first, then its subdirectories'
    /// (`d.sizes()` stays on the running backend); returns how many files
    /// it saw.
    #[generator]
    pub fn sizes(&self) -> impl Generator<Item = u64, Return = usize> + '_ {
        let mut seen = self.files.len();
        for size in self.files.values() {
            (yield *size)?;
        }
        for d in &self.dirs {
            seen += yield_from!(d.sizes())?.unwrap_or(0);
        }
        Ok(seen)
    }

    /// The same sizes, named like the `BTreeMap` method the body also calls
    /// on its files: that call still reaches `BTreeMap::values`, and the call
    /// on each subdirectory reaches this generator on the running backend.
    #[generator]
    pub fn values(&self) -> impl Generator<Item = u64> + '_ {
        for size in self.files.values() {
            (yield *size)?;
        }
        for d in &self.dirs {
            yield_from!(d.values())?;
        }
        Ok(())
    }
}

/// In-order values, by recursive `yield from`. The recursive call runs on
/// the backend of the running walk, so a stackless walk is stackless all the
/// way down (and needs no hand-written `Box`).
#[generator]
pub fn inorder(node: &Node) -> impl Generator<Item = i32, Return = usize> {
    let mut count = 1;
    if let Some(left) = &node.left {
        count += yield_from!(inorder(left))?.unwrap_or(0);
    }
    (yield node.value)?;
    if let Some(right) = &node.right {
        count += yield_from!(inorder(right))?.unwrap_or(0);
    }
    Ok(count)
}

/// In-order values on one stack: plain recursive functions yield for the
/// generator through its handle, `co!()` — one stack switch per value at any
/// depth. A body that uses `co!()` runs on the stackful backend only.
#[generator]
pub fn inorder_flat(root: Rc<Node>) -> impl Generator<Item = i32> {
    walk(co!(), &root)
}

fn walk(co: &Co<i32>, node: &Node) -> Result<(), Error<Infallible>> {
    if let Some(left) = &node.left {
        walk(co, left)?;
    }
    co.yield_(node.value)?;
    if let Some(right) = &node.right {
        walk(co, right)?;
    }
    Ok(())
}

/// Pre-order values of a [`Tree`] with any number of children, on one
/// stack; `co!()` works inside closures too.
#[generator]
pub fn preorder_flat(tree: Rc<Tree>) -> impl Generator<Item = i32> {
    co!().yield_(tree.value)?;
    tree.children
        .iter()
        .try_for_each(|child| visit(co!(), child))
}

fn visit(co: &Co<i32>, tree: &Tree) -> Result<(), Error<Infallible>> {
    co.yield_(tree.value)?;
    tree.children.iter().try_for_each(|child| visit(co, child))
}

/// A chain of `depth` nested `yield from`s with one value at the bottom;
/// returns the depth.
#[generator]
pub fn chain(depth: u32) -> impl Generator<Item = u32, Return = u32> {
    if depth == 0 {
        (yield 0)?;
        return Ok(0);
    }
    let below = yield_from!(chain(depth - 1))?.unwrap_or(0);
    Ok(below + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::close_after_one;
    use pygen::Outcome;
    use pygen::stackful::stack::{clear_pool, pooled_stacks};

    /// How many stacks the thread's pool holds after running `f`: the most
    /// stackful generators alive at once (0 for a purely stackless run).
    fn stacks_used(f: impl FnOnce()) -> usize {
        clear_pool();
        f();
        pooled_stacks()
    }

    #[test]
    fn a_stackless_walk_stays_stackless_on_a_borrowed_tree() {
        let tree = Node::perfect(4).unwrap();
        let stacks = stacks_used(|| {
            let mut g = inorder(&tree);
            assert_eq!(g.by_ref().collect::<Vec<_>>(), (1..=15).collect::<Vec<_>>());
            assert_eq!(g.take_completion(), Some(Ok(15)));
        });
        assert_eq!(stacks, 0, "a stackless walk made stackful children");
        let stacks = stacks_used(|| {
            let mut g = inorder::stackless(&tree);
            assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
            // Closing closes the whole chain, innermost first.
            assert_eq!(g.close(), Ok(None));
        });
        assert_eq!(stacks, 0);
    }

    #[test]
    fn a_stackful_walk_stays_stackful() {
        let tree: &'static Node = Box::leak(Node::perfect(4).unwrap());
        let stacks = stacks_used(|| {
            let mut g = inorder::stackful(tree);
            assert_eq!(g.by_ref().collect::<Vec<_>>(), (1..=15).collect::<Vec<_>>());
            assert_eq!(g.take_completion(), Some(Ok(15)));
        });
        // One stack per level of the walk, reused across siblings.
        assert_eq!(stacks, 4);
        assert_eq!(close_after_one(inorder::stackful(tree)), 1);
        assert_eq!(
            close_after_one(inorder::on(pygen::Backend::Stackless, tree)),
            1
        );
    }

    #[test]
    fn helpers_yield_through_co_on_one_stack() {
        let tree = Rc::new(*Node::perfect(10).unwrap());
        let stacks = stacks_used(|| {
            let values: Vec<i32> = inorder_flat(tree.clone()).collect();
            assert_eq!(values, (1..=1023).collect::<Vec<_>>());
        });
        assert_eq!(stacks, 1);
        assert_eq!(close_after_one(inorder_flat::stackful(tree.clone())), 1);
        // The generator released its share of the tree.
        assert_eq!(Rc::strong_count(&tree), 1);
    }

    #[test]
    fn closures_in_a_stackful_body_yield_through_co_too() {
        let tree = Rc::new(crate::methods::tests::sample());
        let expected: Vec<i32> = tree.values().copied().collect();
        assert_eq!(expected, [1, 2, 3, 4]);
        let stacks = stacks_used(|| {
            assert_eq!(preorder_flat(tree.clone()).collect::<Vec<_>>(), expected);
        });
        assert_eq!(stacks, 1);
        assert_eq!(close_after_one(preorder_flat(tree.clone())), 1);
        assert_eq!(Rc::strong_count(&tree), 1);
    }

    #[test]
    fn method_call_recursion_stays_stackless_on_a_thousand_deep_tree() {
        let dir = Dir::nested(1000);
        let stacks = stacks_used(|| {
            let mut g = dir.sizes();
            assert_eq!(
                g.by_ref().collect::<Vec<_>>(),
                (1..=1000).collect::<Vec<_>>()
            );
            assert_eq!(g.take_completion(), Some(Ok(1000)));
            let mut g = dir.values_stackless();
            assert_eq!(g.by_ref().count(), 1000);
            assert_eq!(g.take_completion(), Some(Ok(())));
        });
        assert_eq!(stacks, 0, "a stackless walk made stackful children");
        let stacks = stacks_used(|| {
            let mut g = dir.sizes_stackless();
            assert_eq!(g.nth(499), Some(500));
            // Closing closes the whole chain, innermost first.
            assert_eq!(g.close(), Ok(None));
            assert_eq!(g.state(), pygen::GeneratorState::Closed);
        });
        assert_eq!(stacks, 0);
        let tree = Node::perfect(4).unwrap();
        let stacks = stacks_used(|| {
            let mut g = tree.values();
            assert_eq!(g.by_ref().collect::<Vec<_>>(), (1..=15).collect::<Vec<_>>());
            assert_eq!(g.take_completion(), Some(Ok(15)));
        });
        assert_eq!(stacks, 0);
    }

    #[test]
    fn method_call_recursion_stays_stackful() {
        let dir: &'static Dir = Box::leak(Box::new(Dir::nested(5)));
        let stacks = stacks_used(|| {
            let mut g = dir.sizes_stackful();
            assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
            assert_eq!(g.take_completion(), Some(Ok(5)));
        });
        // One stack per directory level.
        assert_eq!(stacks, 5);
        let stacks = stacks_used(|| {
            assert_eq!(dir.values_stackful().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        });
        assert_eq!(stacks, 5);
        let tree: &'static Node = Box::leak(Node::perfect(4).unwrap());
        let stacks = stacks_used(|| {
            let mut g = tree.values_stackful();
            assert_eq!(g.by_ref().collect::<Vec<_>>(), (1..=15).collect::<Vec<_>>());
            assert_eq!(g.take_completion(), Some(Ok(15)));
        });
        assert_eq!(stacks, 4);
        for b in pygen::Backend::ALL {
            assert_eq!(close_after_one(dir.sizes_on(b)), 1, "{b}");
            assert_eq!(close_after_one(tree.values_on(b)), 1, "{b}");
        }
    }

    #[test]
    fn a_deep_chain_returns_its_depth_on_both_backends() {
        for b in pygen::Backend::ALL {
            let mut g = chain::on(b, 200);
            assert_eq!(g.resume(), Ok(Outcome::Yielded(0)), "{b}");
            assert_eq!(g.resume(), Ok(Outcome::Returned(200)), "{b}");
        }
        let mut g = chain(1000);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(0)));
        assert_eq!(g.resume(), Ok(Outcome::Returned(1000)));
    }

    #[test]
    fn a_hundred_thousand_deep_stackless_self_recursion_finishes() {
        let mut g = chain(100_000);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(0)));
        assert_eq!(g.resume(), Ok(Outcome::Returned(100_000)));
    }
}
