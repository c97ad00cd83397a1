//! Text: a borrowing tokenizer, a parser whose errors propagate with `?`,
//! a slice walker and a generic de-duplicator over borrowed iterators.

use pygen::{Generator, generator};
use std::num::ParseIntError;

/// A token of a tiny expression language, borrowing from the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Number(&'a str),
    Ident(&'a str),
    Punct(char),
}

/// Splits `src` into tokens without copying: each token is a slice of `src`.
#[generator]
pub fn tokens<'a>(src: &'a str) -> impl Generator<Item = Token<'a>> {
    let mut rest = src.trim_start();
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        } else if c.is_alphabetic() || c == '_' {
            rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let (text, tail) = rest.split_at(len);
        let token = if c.is_ascii_digit() {
            Token::Number(text)
        } else if c.is_alphabetic() || c == '_' {
            Token::Ident(text)
        } else {
            Token::Punct(c)
        };
        (yield token)?;
        rest = tail.trim_start();
    }
    Ok(())
}

/// The comma-separated integers of `line`; the first one that does not
/// parse ends the generator with its `ParseIntError` (`?` on the body's own
/// error type).
#[generator]
pub fn integers(line: &str) -> impl Generator<Item = i64, Error = ParseIntError> {
    for field in line.split(',') {
        let n: i64 = field.trim().parse()?;
        (yield n)?;
    }
    Ok(())
}

/// Adjacent pairs of a slice, borrowed: `[1, 2, 3]` gives `(1, 2), (2, 3)`.
#[generator]
pub fn pairs<T>(items: &[T]) -> impl Generator<Item = (&T, &T)> {
    for i in 1..items.len() {
        (yield (&items[i - 1], &items[i]))?;
    }
    Ok(())
}

/// Drops consecutive repeats from any iterable, borrowed or owned.
#[generator]
pub fn dedup<I>(items: I) -> impl Generator<Item = I::Item, Return = usize>
where
    I: IntoIterator,
    I::Item: PartialEq + Clone,
{
    let mut last = None;
    let mut dropped = 0;
    for item in items {
        if last.as_ref() == Some(&item) {
            dropped += 1;
            continue;
        }
        last = Some(item.clone());
        (yield item)?;
    }
    Ok(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::close_after_one;
    use pygen::{Error, Outcome};

    #[test]
    fn the_tokenizer_borrows_its_input_on_stackless() {
        let src = String::from("x1 = 42 + y");
        let all: Vec<Token<'_>> = tokens(&src).collect();
        assert_eq!(
            all,
            [
                Token::Ident("x1"),
                Token::Punct('='),
                Token::Number("42"),
                Token::Punct('+'),
                Token::Ident("y"),
            ]
        );
        // The tokens point into `src`.
        let Token::Number(n) = all[2] else { panic!() };
        assert_eq!(n.as_ptr(), src[5..].as_ptr());
        assert_eq!(close_after_one(tokens(&src)), Token::Ident("x1"));
    }

    #[test]
    fn the_tokenizer_runs_stackful_on_static_text() {
        let all: Vec<_> = tokens::stackful("a+1").collect();
        assert_eq!(
            all,
            [Token::Ident("a"), Token::Punct('+'), Token::Number("1")]
        );
        assert_eq!(close_after_one(tokens::stackful("b")), Token::Ident("b"));
    }

    #[test]
    fn a_parse_error_reaches_the_caller_where_it_happened() {
        let line = String::from("1, 2, x3, 4");
        let mut g = integers(&line);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(1)));
        assert_eq!(g.resume(), Ok(Outcome::Yielded(2)));
        let Err(Error::Raised(e)) = g.resume() else {
            panic!("expected the parse error")
        };
        assert_eq!(e.to_string(), "invalid digit found in string");
        assert_eq!(g.resume(), Ok(Outcome::Exhausted));
        for b in pygen::Backend::ALL {
            let mut g = integers::on(b, "7,-8");
            assert_eq!(g.by_ref().collect::<Vec<_>>(), [7, -8], "{b}");
            assert_eq!(g.take_completion(), Some(Ok(())), "{b}");
            assert_eq!(close_after_one(integers::on(b, "5, z")), 5, "{b}");
        }
    }

    #[test]
    fn the_slice_walker_borrows_and_runs_stackful_on_static_slices() {
        let v = vec![1, 2, 3];
        let got: Vec<(i32, i32)> = pairs(&v).map(|(a, b)| (*a, *b)).collect();
        assert_eq!(got, [(1, 2), (2, 3)]);
        assert_eq!(pairs::<u8>(&[]).count(), 0);
        static PRIMES: [u32; 4] = [2, 3, 5, 7];
        let got: Vec<_> = pairs::stackful(&PRIMES[..]).collect();
        assert_eq!(got, [(&2, &3), (&3, &5), (&5, &7)]);
        assert_eq!(close_after_one(pairs::stackful(&PRIMES[..])), (&2, &3));
        assert_eq!(close_after_one(pairs(&v)), (&1, &2));
    }

    #[test]
    fn dedup_takes_a_borrowing_iterator_or_an_owned_one() {
        let words = ["a", "a", "b", "a", "a"];
        let mut g = dedup(words.iter());
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [&"a", &"b", &"a"]);
        assert_eq!(g.take_completion(), Some(Ok(2)));
        for b in pygen::Backend::ALL {
            let mut g = dedup::on(b, vec![1, 1, 1, 2]);
            assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2], "{b}");
            assert_eq!(g.take_completion(), Some(Ok(2)), "{b}");
            assert_eq!(close_after_one(dedup::on(b, [9, 9])), 9);
        }
    }
}
