//! Generators as methods: `&self`, `&mut self`, `self`, an associated
//! constructor, and a trait whose method returns `impl Generator`.

use pygen::{Generator, generator};
use std::convert::Infallible;

/// A tree with any number of children.
#[derive(Debug, Clone)]
pub struct Tree {
    pub value: i32,
    pub children: Vec<Tree>,
}

#[generator]
impl Tree {
    /// A leaf.
    pub fn leaf(value: i32) -> Tree {
        Tree {
            value,
            children: Vec::new(),
        }
    }

    /// Pre-order references into the tree.
    #[generator]
    pub fn values(&self) -> impl Generator<Item = &i32, Return = usize> + '_ {
        (yield &self.value)?;
        let mut seen = 1;
        for child in &self.children {
            seen += yield_from!(Self::values(child))?.unwrap_or(0);
        }
        Ok(seen)
    }

    /// Pre-order values, consuming the tree.
    #[generator]
    pub fn into_values(self) -> impl Generator<Item = i32> {
        (yield self.value)?;
        for child in self.children {
            yield_from!(Self::into_values(child))?;
        }
        Ok(())
    }

    /// A countdown tree's values, counting from `n`: an associated function.
    #[generator]
    pub fn countdown(n: i32) -> impl Generator<Item = i32> {
        for v in (1..=n).rev() {
            (yield v)?;
        }
        Ok(())
    }
}

/// Messages waiting to be handled.
#[derive(Debug, Default)]
pub struct Inbox {
    pub messages: Vec<String>,
}

#[generator]
impl Inbox {
    /// Hands out (and removes) the messages that mention `word`, leaving the
    /// others in place; returns how many it left.
    #[generator]
    pub fn take_matching<'a>(
        &'a mut self,
        word: &'a str,
    ) -> impl Generator<Item = String, Return = usize> + 'a {
        let mut i = 0;
        while i < self.messages.len() {
            if self.messages[i].contains(word) {
                let message = self.messages.remove(i);
                (yield message)?;
            } else {
                i += 1;
            }
        }
        Ok(self.messages.len())
    }
}

/// Lines of a text, numbered, borrowed from a source the lexer does not own.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'src> {
    pub src: &'src str,
}

#[generator]
impl<'src> Lines<'src> {
    /// `(number, line)` for each line that is not blank, counting from 1.
    #[generator]
    pub fn numbered(&self) -> impl Generator<Item = (usize, &'src str)> + '_ {
        for (i, line) in self.src.lines().enumerate() {
            if !line.trim().is_empty() {
                (yield (i + 1, line))?;
            }
        }
        Ok(())
    }
}

/// Something whose values can be walked.
pub trait Walk {
    /// Every value, in some order.
    fn walk(&self) -> impl Generator<Item = i32, Send = (), Return = (), Error = Infallible> + '_;
}

#[generator]
impl Walk for Tree {
    #[generator]
    fn walk(&self) -> impl Generator<Item = i32, Send = (), Return = (), Error = Infallible> + '_ {
        for child in self.children.iter().rev() {
            yield_from!(Self::walk(child))?;
        }
        (yield self.value)?;
        Ok(())
    }
}

/// Something that turns into a generator of numbers.
pub trait IntoNumbers {
    /// The numbers.
    fn into_numbers(self) -> impl Generator<Item = u64>;
}

/// `0..n`, squared.
pub struct Squares(pub u64);

#[generator]
impl IntoNumbers for Squares {
    /// Runs on the stackful backend: the trait method owns `self`.
    #[generator(stackful)]
    fn into_numbers(self) -> impl Generator<Item = u64> {
        for i in 0..self.0 {
            (yield i * i)?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::support::close_after_one;
    use pygen::stackful::stack::{clear_pool, pooled_stacks};
    use pygen::{Backend, GeneratorState, Outcome};

    /// 1 with children 2 (with child 3) and 4.
    pub(crate) fn sample() -> Tree {
        Tree {
            value: 1,
            children: vec![
                Tree {
                    value: 2,
                    children: vec![Tree::leaf(3)],
                },
                Tree::leaf(4),
            ],
        }
    }

    #[test]
    fn a_ref_self_method_borrows_the_tree() {
        let tree = sample();
        let mut g = tree.values();
        assert_eq!(g.by_ref().copied().collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(g.take_completion(), Some(Ok(4)));
        assert_eq!(close_after_one(tree.values_stackless()), &1);
        // The stackful sibling needs a tree that lives forever.
        let forever: &'static Tree = Box::leak(Box::new(sample()));
        let mut g = forever.values_stackful();
        assert_eq!(g.by_ref().copied().collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(g.take_completion(), Some(Ok(4)));
        for b in Backend::ALL {
            assert_eq!(close_after_one(forever.values_on(b)), &1, "{b}");
        }
    }

    #[test]
    fn a_self_method_consumes_the_tree_on_both_backends() {
        for b in Backend::ALL {
            assert_eq!(
                sample().into_values_on(b).collect::<Vec<_>>(),
                [1, 2, 3, 4],
                "{b}"
            );
            assert_eq!(close_after_one(sample().into_values_on(b)), 1, "{b}");
        }
        assert_eq!(sample().into_values_stackful().count(), 4);
    }

    #[test]
    fn an_associated_function_is_a_generator_too() {
        assert_eq!(Tree::countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
        for b in Backend::ALL {
            assert_eq!(Tree::countdown_on(b, 2).collect::<Vec<_>>(), [2, 1], "{b}");
            assert_eq!(close_after_one(Tree::countdown_on(b, 2)), 2, "{b}");
        }
        assert_eq!(Tree::countdown_stackless(1).count(), 1);
        assert_eq!(Tree::countdown_stackful(1).count(), 1);
    }

    #[test]
    fn a_mut_self_method_edits_its_owner_while_it_runs() {
        let mut inbox = Inbox {
            messages: ["pay rent", "call mum", "rent is due"]
                .map(String::from)
                .to_vec(),
        };
        let mut g = inbox.take_matching("rent");
        assert_eq!(g.resume(), Ok(Outcome::Yielded("pay rent".to_owned())));
        // Closing half-way leaves the rest of the inbox as it was.
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.state(), GeneratorState::Closed);
        drop(g);
        assert_eq!(inbox.messages, ["call mum", "rent is due"]);
        let mut g = inbox.take_matching("rent");
        assert_eq!(g.by_ref().collect::<Vec<_>>(), ["rent is due"]);
        assert_eq!(g.take_completion(), Some(Ok(1)));
        drop(g);
        assert_eq!(inbox.messages, ["call mum"]);
        let forever: &'static mut Inbox = Box::leak(Box::new(Inbox {
            messages: vec!["a".into(), "b".into()],
        }));
        let mut g = forever.take_matching_stackful("a");
        assert_eq!(g.by_ref().collect::<Vec<_>>(), ["a"]);
        assert_eq!(g.take_completion(), Some(Ok(1)));
    }

    #[test]
    fn a_method_of_a_type_with_a_lifetime() {
        let text = String::from("one\n\nthree\n");
        let lines = Lines { src: &text };
        assert_eq!(
            lines.numbered().collect::<Vec<_>>(),
            [(1, "one"), (3, "three")]
        );
        assert_eq!(close_after_one(lines.numbered()), (1, "one"));
        // The stackful sibling wants `'static` everything: a `'static`
        // source and a `'static` borrow of the lexer.
        let forever: &'static Lines<'static> = Box::leak(Box::new(Lines { src: "a\nb" }));
        assert_eq!(
            forever.numbered_stackful().collect::<Vec<_>>(),
            [(1, "a"), (2, "b")]
        );
        for b in Backend::ALL {
            assert_eq!(close_after_one(forever.numbered_on(b)), (1, "a"), "{b}");
        }
    }

    #[test]
    fn trait_impls_run_on_the_backend_they_chose() {
        let tree = sample();
        clear_pool();
        assert_eq!(tree.walk().collect::<Vec<_>>(), [4, 3, 2, 1]);
        assert_eq!(close_after_one(tree.walk()), 4);
        assert_eq!(pooled_stacks(), 0, "the trait impl is stackless");
        assert_eq!(Squares(4).into_numbers().collect::<Vec<_>>(), [0, 1, 4, 9]);
        assert_eq!(pooled_stacks(), 1, "this trait impl is stackful");
        let mut g = Squares(4).into_numbers();
        assert_eq!(g.resume().ok().and_then(|o| o.yielded()), Some(0));
        assert!(g.close().is_ok());
        assert_eq!(g.state(), GeneratorState::Closed);
    }
}
