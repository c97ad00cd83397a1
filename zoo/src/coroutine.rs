//! PEP 342 coroutines: values sent in, a result handed back on `close()`.

use pygen::{Error, Generator, generator};

/// Python's running average:
///
/// ```python
/// def averager():
///     total, count, average = 0.0, 0, 0.0
///     while True:
///         try:
///             value = yield average
///         except GeneratorExit:
///             return average
///         if value is not None:
///             total += value; count += 1; average = total / count
/// ```
///
/// `close()` returns the final average (`Ok(Some(avg))`).
#[generator]
pub fn averager() -> impl Generator<Item = f64, Send = f64, Return = f64> {
    let (mut total, mut count, mut average) = (0.0, 0u32, 0.0);
    loop {
        match (yield average) {
            Ok(Some(value)) => {
                total += value;
                count += 1;
                average = total / f64::from(count);
            }
            Ok(None) => {}
            Err(Error::GeneratorExit) => return Ok(average),
            Err(other) => return Err(other),
        }
    }
}

/// Echoes each line sent in, upper-cased; returns how many it echoed.
/// `yield` in a match arm needs no parentheses; as a `match` scrutinee or
/// the value of an `if let` it does (rustc's parser would read the `{` that
/// follows as a struct literal).
#[generator]
pub fn shout() -> impl Generator<Item = String, Send = String, Return = usize> {
    let mut echoed = 0;
    if let Ok(Some(first)) = (yield String::from("ready")) {
        echoed += 1;
        let mut last = first.to_uppercase();
        loop {
            let next = match echoed {
                0 => unreachable!(),
                _ => yield last.clone(),
            };
            match next? {
                Some(line) => {
                    echoed += 1;
                    last = line.to_uppercase();
                }
                None => return Ok(echoed),
            }
        }
    }
    Ok(echoed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pygen::{GeneratorState, Outcome};

    pygen_support::test_both! {
        fn the_average_comes_back_from_close(b) {
            let mut g = averager::on(b);
            assert_eq!(g.resume(), Ok(Outcome::Yielded(0.0)));
            assert_eq!(g.send(10.0), Ok(Outcome::Yielded(10.0)));
            assert_eq!(g.send(30.0), Ok(Outcome::Yielded(20.0)));
            assert_eq!(g.resume(), Ok(Outcome::Yielded(20.0)));
            assert_eq!(g.send(5.0), Ok(Outcome::Yielded(15.0)));
            assert_eq!(g.close(), Ok(Some(15.0)));
            assert_eq!(g.state(), GeneratorState::Closed);
            assert_eq!(g.close(), Ok(None));
        }

        fn a_throw_ends_the_average_with_the_error(b) {
            let mut g = averager::on(b);
            g.resume().unwrap();
            // A StopIteration escaping a body is RuntimeError (PEP 479).
            assert_eq!(g.throw_error(Error::StopIteration), Err(Error::RaisedStopIteration));
            assert_eq!(g.state(), GeneratorState::Closed);
        }

        fn shouting_sends_and_returns(b) {
            let mut g = shout::on(b);
            assert_eq!(g.resume(), Ok(Outcome::Yielded("ready".to_owned())));
            assert_eq!(g.send("hi".into()), Ok(Outcome::Yielded("HI".to_owned())));
            assert_eq!(g.send("yo".into()), Ok(Outcome::Yielded("YO".to_owned())));
            assert_eq!(g.resume(), Ok(Outcome::Returned(2)));
            let mut g = shout::on(b);
            assert_eq!(g.resume(), Ok(Outcome::Yielded("ready".to_owned())));
            assert_eq!(g.resume(), Ok(Outcome::Returned(0)));
            let mut g = shout::on(b);
            g.resume().unwrap();
            assert_eq!(g.send("a".into()), Ok(Outcome::Yielded("A".to_owned())));
            assert_eq!(g.close(), Ok(None));
            assert_eq!(g.state(), GeneratorState::Closed);
        }
    }
}
