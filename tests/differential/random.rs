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

impl Gen<'_> {
    fn fresh(&mut self) -> i64 {
        self.counter += 1;
        self.counter
    }

    fn block(&mut self, func: usize, depth: u32, in_handler: bool) -> Vec<Stmt> {
        let len = if depth == 0 {
            1 + self.rng.below(6)
        } else {
            self.rng.below(4)
        } as usize;
        (0..len)
            .map(|_| self.stmt(func, depth, in_handler))
            .collect()
    }

    fn stmt(&mut self, func: usize, depth: u32, in_handler: bool) -> Stmt {
        let nested = depth < 3;
        loop {
            let s = match self.rng.below(100) {
                0..=29 => Stmt::Yield(self.fresh()),
                30..=33 => Stmt::Log(self.fresh()),
                34..=37 => Stmt::Raise(1 + self.rng.below(3) as i64),
                38..=39 => Stmt::RaiseStop,
                40..=43 => Stmt::Return(if self.rng.chance(50) {
                    Some(self.fresh())
                } else {
                    None
                }),
                44..=53 if func + 1 < self.nfuncs => Stmt::YieldFrom(
                    func + 1 + self.rng.below((self.nfuncs - func - 1) as u64) as usize,
                ),
                54..=57 => {
                    let n = self.rng.below(3);
                    Stmt::YieldFromList((0..n).map(|_| 1000 + self.fresh()).collect())
                }
                58..=79 if nested => {
                    let catch = match self.rng.below(6) {
                        0 | 1 => Catch::Code(1 + self.rng.below(3) as i64),
                        2 => Catch::Own,
                        3 => Catch::Exception,
                        4 => Catch::Exit,
                        _ => Catch::Base,
                    };
                    Stmt::TryExcept {
                        body: self.block(func, depth + 1, false),
                        catch,
                        handler: self.block(func, depth + 1, true),
                    }
                }
                80..=95 if nested => Stmt::TryFinally {
                    body: self.block(func, depth + 1, false),
                    cleanup: self.block(func, depth + 1, false),
                },
                96..=99 if in_handler => Stmt::Reraise,
                _ => continue,
            };
            return s;
        }
    }
}

pub(crate) fn random_case(rng: &mut Rng) -> Case {
    let nfuncs = 1 + rng.below(3) as usize;
    let mut g = Gen {
        rng,
        counter: 0,
        nfuncs,
    };
    let funcs = (0..nfuncs).map(|f| g.block(f, 0, false)).collect();
    let ncalls = 1 + g.rng.below(12) as usize;
    let mut calls: Vec<Call> = (0..ncalls)
        .map(|i| {
            match if i == 0 && g.rng.chance(80) {
                0
            } else {
                g.rng.below(100)
            } {
                0..=34 => Call::Next,
                35..=44 => Call::IterNext,
                45..=59 => Call::Send(-(1 + g.rng.below(50) as i64)),
                60..=74 => Call::Throw(1 + g.rng.below(3) as i64),
                75..=78 => Call::ThrowExit,
                79..=88 => Call::Close,
                _ => Call::State,
            }
        })
        .collect();
    if g.rng.chance(30) {
        calls.push(Call::Drop);
    }
    Case { funcs, calls }
}
