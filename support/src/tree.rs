//! Recursive generators: an in-order walk of a binary tree, on both backends.
//!
//! This is where the two backends differ most. Python writes
//!
//! ```python
//! def inorder(t):
//!     if t:
//!         yield from inorder(t.left)
//!         yield t.value
//!         yield from inorder(t.right)
//! ```
//!
//! - **Stackless** ([`inorder_stackless`]): `yield` may only appear in the
//!   coroutine body itself, so each level of the recursion is its own boxed
//!   generator and `yield from` delegates to it. A value found at depth `d`
//!   travels up through `d` delegating generators: *each yielded value costs
//!   O(depth)* resumes, and the chain of resumes runs on the caller's stack.
//! - **Stackful** ([`inorder_stackful`]): the walk is a plain recursive
//!   function that receives `&Co` and yields directly to the caller from any
//!   depth: *each yielded value costs one switch, whatever the depth*. The
//!   recursion runs on the generator's own stack, so that stack must be large
//!   enough: about depth × the frame size of the recursive function (measure
//!   it; in a debug build a frame of `walk` is a few hundred bytes, far less
//!   in release). The default [`DEFAULT_STACK_SIZE`](pygen::stackful::stack::DEFAULT_STACK_SIZE)
//!   (64 KiB) is good for a few hundred levels in debug builds; pass a larger
//!   size to [`inorder_stackful`] for deeper trees.
//!
//! Both produce the same sequence:
//!
//! ```
//! use pygen_support::tree::{Tree, inorder_stackful, inorder_stackless};
//! use pygen::stackful::stack::DEFAULT_STACK_SIZE;
//!
//! let t = Tree::balanced(1..=7);
//! let a: Vec<i64> = inorder_stackless(t.clone()).collect();
//! let b: Vec<i64> = inorder_stackful(t, DEFAULT_STACK_SIZE).collect();
//! assert_eq!(a, [1, 2, 3, 4, 5, 6, 7]);
//! assert_eq!(a, b);
//! ```

use pygen::{BoxGenerator, Co, Error, Resume, Stackful, Stackless, yield_from};
use std::convert::Infallible;
use std::rc::Rc;

/// A binary tree of `i64`s, shared with `Rc` so generators can own subtrees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tree {
    /// No value.
    Leaf,
    /// Left subtree, value, right subtree.
    Node(Rc<Tree>, i64, Rc<Tree>),
}

impl Tree {
    /// A balanced search tree holding `values` (sorted first).
    pub fn balanced(values: impl IntoIterator<Item = i64>) -> Rc<Tree> {
        fn build(v: &[i64]) -> Rc<Tree> {
            if v.is_empty() {
                return Rc::new(Tree::Leaf);
            }
            let mid = v.len() / 2;
            Rc::new(Tree::Node(build(&v[..mid]), v[mid], build(&v[mid + 1..])))
        }
        let mut v: Vec<i64> = values.into_iter().collect();
        v.sort_unstable();
        build(&v)
    }

    /// A degenerate tree: each node's left child holds the smaller values,
    /// so the depth equals the number of values `1..=depth`.
    pub fn left_spine(depth: i64) -> Rc<Tree> {
        (1..=depth).fold(Rc::new(Tree::Leaf), |left, v| {
            Rc::new(Tree::Node(left, v, Rc::new(Tree::Leaf)))
        })
    }

    /// The number of levels (a leaf has depth 0).
    pub fn depth(&self) -> usize {
        // Iterative, so measuring a deep tree cannot overflow the stack.
        let mut deepest = 0;
        let mut todo = vec![(self, 0)];
        while let Some((t, d)) = todo.pop() {
            if let Tree::Node(l, _, r) = t {
                deepest = deepest.max(d + 1);
                todo.push((l, d + 1));
                todo.push((r, d + 1));
            }
        }
        deepest
    }
}

/// The stackless walk: one boxed generator per level, `yield from` between them.
pub fn inorder_stackless(tree: Rc<Tree>) -> BoxGenerator<i64> {
    Box::new(Stackless::new(
        #[coroutine]
        move |_: Resume<(), Infallible>| {
            if let Tree::Node(left, value, right) = &*tree {
                let (left, value, right) = (left.clone(), *value, right.clone());
                yield_from!(inorder_stackless(left))?;
                (yield value)?;
                yield_from!(inorder_stackless(right))?;
            }
            Ok(())
        },
    ))
}

/// The stackful walk: a plain recursive function yielding from any depth, on
/// a stack of `stack_size` bytes.
pub fn inorder_stackful(tree: Rc<Tree>, stack_size: usize) -> Stackful<i64> {
    fn walk(co: &Co<i64>, tree: &Tree) -> Result<(), Error<Infallible>> {
        if let Tree::Node(left, value, right) = tree {
            walk(co, left)?;
            co.yield_(*value)?;
            walk(co, right)?;
        }
        Ok(())
    }
    Stackful::with_stack_size(stack_size, move |co| walk(co, &tree))
}
