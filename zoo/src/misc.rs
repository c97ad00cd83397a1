//! Everything else a user writes: yields inside other macros, const
//! generics and `where` clauses, `impl Trait` arguments, `cfg`'d and
//! documented generators, restricted visibility, a non-`'static` boxed
//! generator, and a crate that re-exports pygen.

use pygen::{Generator, generator};
use std::convert::Infallible;

/// Collects what is sent in with `format!` and `vec!`, yielding the prompts
/// inside the macros' arguments; also prints them.
#[generator]
pub fn form() -> impl Generator<Item = &'static str, Send = String, Return = Vec<String>> {
    let name = format!("name={}", (yield "name?")?.unwrap_or_default());
    println!("{name}, age={:?}", (yield "age?")?);
    let tags = vec![
        (yield "tag 1?")?.unwrap_or_default(),
        (yield "tag 2?")?.unwrap_or_default(),
    ];
    Ok([vec![name], tags].concat())
}

/// Fixed-size windows: `N` values at a time, the remainder returned.
#[generator]
pub fn windows<T, const N: usize>(items: Vec<T>) -> impl Generator<Item = [T; N], Return = Vec<T>>
where
    T: Copy + Default,
{
    let mut buf = [T::default(); N];
    let mut len = 0;
    for item in items {
        buf[len] = item;
        len += 1;
        if len == N {
            (yield buf)?;
            len = 0;
        }
    }
    Ok(buf[..len].to_vec())
}

/// Squares of whatever iterator it is given.
#[generator]
pub fn squares(numbers: impl IntoIterator<Item = u32>) -> impl Generator<Item = u32> {
    for n in numbers {
        (yield n * n)?;
    }
    Ok(())
}

/// Counts up from `from`.
///
/// Attributes below `#[generator]` land on every function it makes.
#[generator]
#[must_use]
#[inline]
#[cfg(target_pointer_width = "64")]
#[allow(clippy::needless_range_loop)]
pub fn count_up(from: u64, to: u64) -> impl Generator<Item = u64> {
    for i in from..to {
        (yield i)?;
    }
    Ok(())
}

/// Never compiled: its body does not type-check, and `cfg` keeps every
/// generated function out.
#[generator]
#[cfg(any())]
pub fn ghost() -> impl Generator<Item = u8> {
    (yield this_does_not_exist())?;
    Ok(())
}

mod inner {
    use pygen::{Generator, generator};

    /// Visible to the parent module only; so are its backends.
    #[generator]
    pub(super) fn secret(n: u8) -> impl Generator<Item = u8> {
        (yield n)?;
        Ok(())
    }
}

/// The order [`words`] hands words out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    AsWritten,
    ShortestFirst,
}

/// The words of `text` in the given order: two generators behind one boxed
/// type that still borrows `text` (both are defined inside this function).
pub fn words<'a>(
    text: &'a str,
    order: Order,
) -> Box<dyn Generator<Item = &'a str, Send = (), Return = (), Error = Infallible> + 'a> {
    #[generator]
    fn as_written(text: &str) -> impl Generator<Item = &str> {
        for w in text.split_whitespace() {
            (yield w)?;
        }
        Ok(())
    }

    #[generator]
    fn shortest_first(text: &str) -> impl Generator<Item = &str> {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        words.sort_by_key(|w| w.len());
        for w in words {
            (yield w)?;
        }
        Ok(())
    }

    match order {
        Order::AsWritten => Box::new(as_written(text)),
        Order::ShortestFirst => Box::new(shortest_first(text)),
    }
}

/// A crate that re-exports pygen under another name.
pub mod vendored {
    pub use pygen as engine;
}

/// Written against the re-export: `#[generator(crate = ..)]`.
#[generator(crate = crate::misc::vendored::engine)]
pub fn through_reexport(n: u32) -> impl vendored::engine::Generator<Item = u32> {
    yield_from!(0..n)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::close_after_one;
    use pygen::{GeneratorState, Outcome};

    pygen_support::test_both! {
        fn yields_inside_format_println_and_vec(b) {
            let mut g = form::on(b);
            assert_eq!(g.resume(), Ok(Outcome::Yielded("name?")));
            assert_eq!(g.send("Ada".into()), Ok(Outcome::Yielded("age?")));
            assert_eq!(g.send("36".into()), Ok(Outcome::Yielded("tag 1?")));
            assert_eq!(g.send("math".into()), Ok(Outcome::Yielded("tag 2?")));
            assert_eq!(
                g.resume(),
                Ok(Outcome::Returned(vec!["name=Ada".to_owned(), "math".into(), String::new()]))
            );
            assert_eq!(close_after_one(form::on(b)), "name?");
        }

        fn const_generic_windows(b) {
            let mut g = windows::on::<u8, 2>(b, vec![1, 2, 3, 4, 5]);
            assert_eq!(g.by_ref().collect::<Vec<_>>(), [[1, 2], [3, 4]]);
            assert_eq!(g.take_completion(), Some(Ok(vec![5])));
            assert_eq!(close_after_one(windows::on::<char, 1>(b, vec!['a', 'b'])), ['a']);
        }

        fn an_impl_trait_argument(b) {
            assert_eq!(squares::on(b, 1..4).collect::<Vec<_>>(), [1, 4, 9]);
            assert_eq!(close_after_one(squares::on(b, vec![5, 6])), 25);
        }

        fn attributes_reach_every_function(b) {
            assert_eq!(count_up::on(b, 3, 6).collect::<Vec<_>>(), [3, 4, 5]);
            assert_eq!(close_after_one(count_up::on(b, 1, 9)), 1);
        }

        fn restricted_visibility_is_kept(b) {
            assert_eq!(inner::secret::on(b, 7).collect::<Vec<_>>(), [7]);
            assert_eq!(close_after_one(inner::secret::on(b, 8)), 8);
        }

        fn a_generator_defined_inside_a_function(b) {
            #[derive(Debug, Clone, Copy, PartialEq)]
            struct Point {
                x: i32,
                y: i32,
            }

            /// The diagonal from the origin, a type local to this function.
            #[generator]
            fn diagonal(n: i32) -> impl Generator<Item = Point, Return = Point> {
                for i in 0..n {
                    (yield Point { x: i, y: i })?;
                }
                Ok(Point { x: n, y: n })
            }

            let mut g = diagonal::on(b, 2);
            assert_eq!(g.by_ref().collect::<Vec<_>>(), [Point { x: 0, y: 0 }, Point { x: 1, y: 1 }]);
            assert_eq!(g.take_completion(), Some(Ok(Point { x: 2, y: 2 })));
            assert_eq!(close_after_one(diagonal(3)), Point { x: 0, y: 0 });
        }

        fn a_crate_that_re_exports_pygen(b) {
            assert_eq!(through_reexport::on(b, 3).collect::<Vec<_>>(), [0, 1, 2]);
            assert_eq!(close_after_one(through_reexport::on(b, 3)), 0);
        }
    }

    #[test]
    fn a_boxed_generator_that_borrows() {
        let text = String::from("a quick fox jumps");
        let got: Vec<&str> = words(&text, Order::ShortestFirst).collect();
        assert_eq!(got, ["a", "fox", "quick", "jumps"]);
        let mut g = words(&text, Order::AsWritten);
        assert_eq!(g.resume(), Ok(Outcome::Yielded("a")));
        assert_eq!(g.close(), Ok(None));
        assert_eq!(g.state(), GeneratorState::Closed);
    }
}
