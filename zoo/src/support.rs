//! What the zoo's tests share: closing a generator half-way.

use pygen::{Generator, GeneratorState, Outcome};
use std::fmt::Debug;

/// Takes one value, closes the generator, and checks that it is Closed and
/// stays so: the cleanup every generator owes its caller.
pub fn close_after_one<G>(mut g: G) -> G::Item
where
    G: Generator,
    G::Item: Debug,
    G::Return: Debug,
{
    assert_eq!(g.state(), GeneratorState::Created);
    let Ok(Outcome::Yielded(first)) = g.resume() else {
        panic!("expected a first value");
    };
    assert_eq!(g.state(), GeneratorState::Suspended);
    assert!(matches!(g.close(), Ok(None)));
    assert_eq!(g.state(), GeneratorState::Closed);
    assert!(matches!(g.resume(), Ok(Outcome::Exhausted)));
    first
}
