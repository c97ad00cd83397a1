//! Iterator integration: for loops, fusing, and errors that are never lost.

use crate::support::ValueError;
use pygen::{Error, Generator, generator};

#[generator]
fn count_x(mut n: u32) -> impl Generator<Item = u32, Return = &'static str> {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok("done")
}

#[generator]
fn fails_after(n: u32) -> impl Generator<Item = u32, Error = ValueError> {
    for i in 0..n {
        (yield i)?;
    }
    Err(Error::Raised(ValueError("page 3 is malformed")))
}

both! {
    fn a_for_loop_yields_every_value(b) {
        let mut seen = vec![];
        for x in count_x::on(b, 5) {
            seen.push(x);
        }
        assert_eq!(seen, [5, 4, 3, 2, 1]);
    }

    fn iteration_is_fused_and_keeps_the_return_value_once(b) {
        let mut g = count_x::on(b, 2);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [2, 1]);
        assert_eq!(g.next(), None);
        assert_eq!(g.next(), None);
        // kept until taken, whatever later calls found; then gone
        assert_eq!(g.take_completion(), Some(Ok("done")));
        assert_eq!(g.take_completion(), None);
        assert_eq!(g.resume(), Ok(pygen::Outcome::Exhausted));
    }

    fn an_error_ends_the_iteration_and_is_kept(b) {
        let mut g = fails_after::on(b, 2);
        assert_eq!(g.by_ref().collect::<Vec<_>>(), [0, 1]);
        assert_eq!(
            g.take_completion(),
            Some(Err(Error::Raised(ValueError("page 3 is malformed"))))
        );
    }

    fn try_iter_yields_the_error_in_the_loop(b) {
        let mut g = fails_after::on(b, 2);
        let collected: Result<Vec<u32>, _> = g.try_iter().collect();
        assert_eq!(collected, Err(Error::Raised(ValueError("page 3 is malformed"))));
        assert_eq!(g.try_iter().next(), None, "fused after the error");
        let mut g = fails_after::on(b, 1);
        let items: Vec<_> = g.try_iter().collect();
        assert_eq!(items, [Ok(0), Err(Error::Raised(ValueError("page 3 is malformed")))]);
    }

    fn iterator_adaptors_work_and_dropping_early_closes(b) {
        let g = count_x::on(b, 10);
        let firsts: Vec<u32> = g.map(|x| x * 2).take(3).collect();
        assert_eq!(firsts, [20, 18, 16]);
    }
}
