//! The workloads `pygen compare` times: one [`Case`] per engine and
//! workload, each doing `units` units of the same work.

use pygen::{Backend, Generator, Outcome};
use pygen_support::workloads::{
    Boom, CountX, WalkIter, catcher, chain, count_x, deep_count, doubles, doubles_list, drain,
    drain_by_ref, echo, raw_corosensei_count, raw_coroutine_count, walk, walk_recursive,
};
use std::hint::black_box;

/// One engine on one workload.
pub(super) struct Case {
    /// The workload; also the case name in `workloads.py`.
    pub group: &'static str,
    pub engine: &'static str,
    /// Operations per unit of work.
    pub ops: u64,
    /// Performs `units` units of work.
    pub run: fn(u64) -> u64,
}

pub(super) const STACKLESS: &str = "pygen stackless";
pub(super) const STACKFUL: &str = "pygen stackful";
pub(super) const RAW_CORO: &str = "raw nightly coroutine";
pub(super) const RAW_COROSENSEI: &str = "raw corosensei";

fn sends<G: Generator<Item = u64, Send = u64>>(mut g: G, n: u64) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for i in 0..n {
        if let Ok(Outcome::Yielded(v)) = g.send(black_box(i)) {
            sum = sum.wrapping_add(v);
        }
    }
    sum
}

fn throws<G: Generator<Item = u64, Error = Boom>>(mut g: G, n: u64) -> u64 {
    let mut sum = 0u64;
    let _ = g.resume();
    for _ in 0..n {
        if let Ok(Outcome::Yielded(v)) = g.throw(Boom) {
            sum = sum.wrapping_add(v);
        }
    }
    sum
}

fn create_next_close<G: Generator<Item = u64>>(make: fn(u64) -> G, n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let mut g = make(black_box(10));
        sum = sum.wrapping_add(g.next().unwrap_or(0));
        let _ = g.close();
    }
    sum
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        // Per yielded value: count_x(n) drained with next().
        Case {
            group: "per_yield",
            engine: STACKLESS,
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut count_x::stackless(n))),
        },
        Case {
            group: "per_yield",
            engine: RAW_CORO,
            ops: 1,
            run: raw_coroutine_count,
        },
        Case {
            group: "per_yield",
            engine: "hand-written iterator",
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut CountX::new(n))),
        },
        Case {
            group: "per_yield",
            engine: STACKFUL,
            ops: 1,
            run: |n| drain_by_ref(black_box(&mut count_x::stackful(n))),
        },
        Case {
            group: "per_yield",
            engine: RAW_COROSENSEI,
            ops: 1,
            run: raw_corosensei_count,
        },
        // send(v) answered by the next yield.
        Case {
            group: "send",
            engine: STACKLESS,
            ops: 1,
            run: |n| sends(echo::stackless(), n),
        },
        Case {
            group: "send",
            engine: STACKFUL,
            ops: 1,
            run: |n| sends(echo::stackful(), n),
        },
        // throw(e) caught in the body, which yields again.
        Case {
            group: "throw",
            engine: STACKLESS,
            ops: 1,
            run: |n| throws(catcher::stackless(), n),
        },
        Case {
            group: "throw",
            engine: STACKFUL,
            ops: 1,
            run: |n| throws(catcher::stackful(), n),
        },
        // A whole short life: create, next, close (then drop).
        Case {
            group: "create_next_close",
            engine: STACKLESS,
            ops: 1,
            run: |n| create_next_close(count_x::stackless, n),
        },
        Case {
            group: "create_next_close",
            engine: "pygen stackful (pooled stack)",
            ops: 1,
            run: |n| create_next_close(count_x::stackful, n),
        },
        Case {
            group: "create_next_close",
            engine: "pygen stackful (fresh stack)",
            ops: 1,
            run: |n| {
                let mut sum = 0;
                for _ in 0..n {
                    pygen::stackful::stack::clear_pool();
                    sum += create_next_close(count_x::stackful, 1);
                }
                sum
            },
        },
        // Each value through a yield-from chain 16 generators deep.
        Case {
            group: "delegation16",
            engine: "pygen stackless (yield from chain)",
            ops: 1,
            run: |n| drain(chain::stackless(Backend::Stackless, 16, n)),
        },
        Case {
            group: "delegation16",
            engine: "pygen stackful (yield from chain)",
            ops: 1,
            run: |n| drain(chain::stackful(Backend::Stackful, 16, n)),
        },
        Case {
            group: "delegation16",
            engine: "pygen stackful (16 plain calls deep)",
            ops: 1,
            run: |n| drain(deep_count(16, n)),
        },
        // In-order walk of a depth-12 tree (4095 nodes), per node.
        Case {
            group: "tree12",
            engine: "pygen stackless (yield from)",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(walk::stackless(0, 4095))).sum(),
        },
        Case {
            group: "tree12",
            engine: "pygen stackful (yield from)",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(walk::stackful(0, 4095))).sum(),
        },
        Case {
            group: "tree12",
            engine: "pygen stackful (recursion)",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(walk_recursive(0, 4095))).sum(),
        },
        Case {
            group: "tree12",
            engine: "hand-written iterator",
            ops: 4095,
            run: |n| (0..n).map(|_| drain(WalkIter::new(0, 4095))).sum(),
        },
        // The tutorial's list vs generator, 1M items, per item.
        Case {
            group: "list_1m",
            engine: "Vec (build + sum)",
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles_list(black_box(1_000_000)).into_iter()))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: STACKLESS,
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles::stackless(black_box(1_000_000))))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: STACKFUL,
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain(doubles::stackful(black_box(1_000_000))))
                    .sum()
            },
        },
        Case {
            group: "genexpr_1m",
            engine: "iterator chain (map)",
            ops: 1_000_000,
            run: |n| {
                (0..n)
                    .map(|_| drain((0..black_box(1_000_000u64)).map(|x| x * 2)))
                    .sum()
            },
        },
    ]
}

/// What each group measures, for the table.
pub(super) fn describe(group: &str) -> &'static str {
    match group {
        "per_yield" => "count_x: one yielded value",
        "send" => "send(v) round trip",
        "throw" => "throw(e), caught, yields again",
        "create_next_close" => "create + next + close",
        "delegation16" => "one value through 16 levels",
        "tree12" => "tree walk depth 12, per node",
        "list_1m" => "[x*2 for x in range(1M)], per item",
        "genexpr_1m" => "(x*2 for x in range(1M)), per item",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    //! The workloads do the work they claim, identically on both backends
    //! (the same values CPython's `support/python/workloads.py` produces).

    use super::*;
    use pygen::Error;

    #[test]
    fn workloads_yield_the_same_values_on_both_backends() {
        for backend in Backend::ALL {
            let counted: Vec<u64> = count_x::on(backend, 5).collect();
            assert_eq!(counted, [5, 4, 3, 2, 1], "{backend}");
            let chained: Vec<u64> = chain::on(backend, backend, 16, 4).collect();
            assert_eq!(chained, [4, 3, 2, 1], "{backend}");
            let walked: Vec<u64> = walk::on(backend, 0, 15).collect();
            assert_eq!(walked, (0..15).collect::<Vec<_>>(), "{backend}");
            let doubled: Vec<u64> = doubles::on(backend, 4).collect();
            assert_eq!(doubled, [0, 2, 4, 6], "{backend}");
        }
        assert_eq!(deep_count(16, 3).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(
            walk_recursive(0, 15).collect::<Vec<_>>(),
            (0..15).collect::<Vec<_>>()
        );
        assert_eq!(
            WalkIter::new(0, 15).collect::<Vec<_>>(),
            (0..15).collect::<Vec<_>>()
        );
        assert_eq!(CountX::new(3).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(doubles_list(4), [0, 2, 4, 6]);
    }

    #[test]
    fn echo_answers_each_send_and_catcher_counts_throws() {
        for backend in Backend::ALL {
            let mut e = echo::on(backend);
            assert_eq!(e.resume(), Ok(Outcome::Yielded(0)));
            assert_eq!(e.send(41), Ok(Outcome::Yielded(42)));
            assert_eq!(e.resume(), Ok(Outcome::Yielded(42)));
            assert_eq!(e.close(), Ok(None));

            let mut c = catcher::on(backend);
            assert_eq!(c.resume(), Ok(Outcome::Yielded(0)));
            assert_eq!(c.throw(Boom), Ok(Outcome::Yielded(1)));
            assert_eq!(c.throw(Boom), Ok(Outcome::Yielded(2)));
            assert_eq!(
                c.throw_error(Error::StopIteration),
                Err(Error::RaisedStopIteration)
            );
        }
    }

    #[test]
    fn every_case_runs_and_counts_its_work() {
        // Three units of each small case, against what that work must sum to.
        for case in cases() {
            let expected = match case.group {
                // count_x(3) / the chain over it: 3 + 2 + 1
                "per_yield" | "delegation16" => 6,
                // sends 0, 1, 2 answered by 1, 2, 3; three throws yield 1, 2, 3
                "send" | "throw" => 6,
                // three times the first value of count_x(10)
                "create_next_close" => 30,
                _ => continue,
            };
            assert_eq!((case.run)(3), expected, "{} / {}", case.group, case.engine);
        }
    }
}
