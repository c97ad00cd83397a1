//! Random programs and caller scripts from a seeded generator.

use crate::program::{Call, Case, Catch, Stmt};

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct Gen<'a> {
    rng: &'a mut Rng,
    counter: i64,
    nfuncs: usize,
}

/// Where a statement goes.
#[derive(Clone, Copy)]
struct At {
    func: usize,
    depth: u32,
    /// At the top level of an except handler (a bare `raise` is allowed).
    in_handler: bool,
    /// Inside a loop of this many iterations (`break`/`continue` allowed).
    in_loop: Option<i64>,
}

impl At {
    fn nested(self, in_handler: bool) -> At {
        At {
            depth: self.depth + 1,
            in_handler,
            ..self
        }
    }
}

impl Gen<'_> {
    fn fresh(&mut self) -> i64 {
        self.counter += 1;
        self.counter
    }

    fn block(&mut self, at: At) -> Vec<Stmt> {
        let len = if at.depth == 0 {
            1 + self.rng.below(6)
        } else {
            self.rng.below(4)
        } as usize;
        (0..len).map(|_| self.stmt(at)).collect()
    }

    /// A function `at.func` may delegate to or drive.
    fn later_func(&mut self, at: At) -> Option<usize> {
        let later = self.nfuncs - at.func - 1;
        (later > 0).then(|| at.func + 1 + self.rng.below(later as u64) as usize)
    }

    fn stmt(&mut self, at: At) -> Stmt {
        let nested = at.depth < 3;
        loop {
            let s = match self.rng.below(100) {
                0..=24 => Stmt::Yield(self.fresh()),
                25..=27 => Stmt::Log(self.fresh()),
                28..=30 => Stmt::Raise(1 + self.rng.below(3) as i64),
                31..=32 => Stmt::RaiseStop,
                33..=35 => Stmt::Return(if self.rng.chance(50) {
                    Some(self.fresh())
                } else {
                    None
                }),
                36..=44 => match self.later_func(at) {
                    Some(f) => Stmt::YieldFrom(f),
                    None => continue,
                },
                45..=47 => {
                    let n = self.rng.below(3);
                    Stmt::YieldFromList((0..n).map(|_| 1000 + self.fresh()).collect())
                }
                48..=64 if nested => {
                    let catch = match self.rng.below(6) {
                        0 | 1 => Catch::Code(1 + self.rng.below(3) as i64),
                        2 => Catch::Own,
                        3 => Catch::Exception,
                        4 => Catch::Exit,
                        _ => Catch::Base,
                    };
                    Stmt::TryExcept {
                        body: self.block(at.nested(false)),
                        catch,
                        handler: self.block(at.nested(true)),
                    }
                }
                65..=76 if nested => Stmt::TryFinally {
                    body: self.block(at.nested(false)),
                    cleanup: self.block(at.nested(false)),
                },
                77..=79 if at.in_handler => Stmt::Reraise,
                80..=83 if nested => {
                    let n = 1 + self.rng.below(3) as i64;
                    Stmt::Loop {
                        n,
                        body: self.block(At {
                            in_loop: Some(n),
                            ..at.nested(false)
                        }),
                    }
                }
                84..=88 => match at.in_loop {
                    Some(n) if self.rng.chance(50) => {
                        Stmt::BreakIf(self.rng.below(n as u64) as i64)
                    }
                    Some(n) => Stmt::ContinueIf(self.rng.below(n as u64) as i64),
                    None => continue,
                },
                89..=93 => match self.later_func(at) {
                    Some(func) => {
                        let n = 1 + self.rng.below(5) as usize;
                        Stmt::Drive {
                            func,
                            calls: (0..n).map(|i| random_call(self.rng, i == 0)).collect(),
                        }
                    }
                    None => continue,
                },
                // Only the generator the caller drives resumes itself: a
                // subgenerator resuming its delegator while that forwards a
                // throw to it crashes CPython 3.10 and 3.11.
                94..=99 if at.func == 0 => Stmt::Reenter(random_call(self.rng, false)),
                _ => continue,
            };
            return s;
        }
    }
}

/// A call of a caller's script other than the final drop (the first call is
/// usually a `next`, which starts the generator).
fn random_call(rng: &mut Rng, first: bool) -> Call {
    match if first && rng.chance(80) {
        0
    } else {
        rng.below(100)
    } {
        0..=33 => Call::Next,
        34..=42 => Call::IterNext,
        43..=56 => Call::Send(-(1 + rng.below(50) as i64)),
        57..=70 => Call::Throw(1 + rng.below(3) as i64),
        71..=74 => Call::ThrowExit,
        75..=79 => Call::ThrowStop,
        80..=89 => Call::Close,
        _ => Call::State,
    }
}

pub(crate) fn random_case(rng: &mut Rng) -> Case {
    let nfuncs = 1 + rng.below(3) as usize;
    let mut g = Gen {
        rng,
        counter: 0,
        nfuncs,
    };
    let funcs = (0..nfuncs)
        .map(|func| {
            g.block(At {
                func,
                depth: 0,
                in_handler: false,
                in_loop: None,
            })
        })
        .collect();
    let ncalls = 1 + g.rng.below(12) as usize;
    let mut calls: Vec<Call> = (0..ncalls).map(|i| random_call(g.rng, i == 0)).collect();
    if g.rng.chance(30) {
        calls.push(Call::Drop);
    }
    Case { funcs, calls }
}
