//! The Rust side: a program compiled to a flat instruction list, run by one
//! interpreter body ([`vm`]) on either backend.

use crate::program::{Call, Case, Catch, Stmt};
use crate::trace::{call_line, log, show, token};
use pygen::{Backend, BoxGenerator, Error, Generator, Shared, generator};
use std::cell::RefCell;
use std::rc::Rc;

/// A generator of the interpreter, on either backend.
pub(crate) type VmGen = BoxGenerator<i64, i64, Option<i64>, i64>;

#[derive(Clone, Debug)]
enum Ins {
    Yield(i64),
    Log(i64),
    Raise(i64),
    RaiseStop,
    Return(Option<i64>),
    YieldFrom(usize),
    YieldFromList(Rc<Vec<i64>>),
    /// Push an except block whose handler starts at the pc.
    SetupExcept(usize, Catch),
    /// Push a finally block whose cleanup starts at the pc.
    SetupFinally(usize),
    /// End of a try-except body: pop its block.
    PopBlock,
    Jump(usize),
    /// End of a handler: pop its `Handling` entry.
    PopExcept,
    /// End of a try-finally body: pop its block, run the cleanup normally.
    EnterFinally,
    /// End of a cleanup: continue what was pending.
    EndFinally,
    Reraise,
    /// Push a loop of `n` iterations whose body follows; it ends at `end`.
    SetupLoop {
        n: i64,
        end: usize,
    },
    /// End of a loop body: the next iteration, or leave the loop.
    EndLoop,
    BreakIf(i64),
    ContinueIf(i64),
    Drive(usize, Rc<Vec<Call>>),
    Reenter(Call),
}

/// Why control leaves a block.
#[derive(Clone, Debug)]
enum Why {
    Normal,
    Raise(Error<i64>),
    Return(Option<i64>),
    Break,
    Continue,
}

#[derive(Debug)]
enum Block {
    Except(usize, Catch),
    Finally(usize),
    /// Inside an except handler, handling this error.
    Handling(Error<i64>),
    /// Inside a cleanup, with this pending.
    Cleanup(Why),
    /// Inside iteration `i` of `n` of a loop whose body starts at `start`.
    Loop {
        start: usize,
        end: usize,
        i: i64,
        n: i64,
    },
}

pub(crate) struct Program {
    code: Vec<Vec<Ins>>,
    /// The backend of each function's generators.
    backends: Vec<Backend>,
    /// The bodies' handle to the generator the caller drives (for
    /// [`Stmt::Reenter`]); the caller empties it before dropping its own.
    pub(crate) me: RefCell<Option<Shared<VmGen>>>,
}

fn compile_block(stmts: &[Stmt], out: &mut Vec<Ins>) {
    for s in stmts {
        match s {
            Stmt::Yield(k) => out.push(Ins::Yield(*k)),
            Stmt::Log(n) => out.push(Ins::Log(*n)),
            Stmt::Raise(c) => out.push(Ins::Raise(*c)),
            Stmt::RaiseStop => out.push(Ins::RaiseStop),
            Stmt::Return(v) => out.push(Ins::Return(*v)),
            Stmt::YieldFrom(f) => out.push(Ins::YieldFrom(*f)),
            Stmt::YieldFromList(v) => out.push(Ins::YieldFromList(Rc::new(v.clone()))),
            Stmt::Reraise => out.push(Ins::Reraise),
            Stmt::TryExcept {
                body,
                catch,
                handler,
            } => {
                let setup = out.len();
                out.push(Ins::SetupExcept(0, *catch));
                compile_block(body, out);
                out.push(Ins::PopBlock);
                let jump = out.len();
                out.push(Ins::Jump(0));
                out[setup] = Ins::SetupExcept(out.len(), *catch);
                compile_block(handler, out);
                out.push(Ins::PopExcept);
                out[jump] = Ins::Jump(out.len());
            }
            Stmt::TryFinally { body, cleanup } => {
                let setup = out.len();
                out.push(Ins::SetupFinally(0));
                compile_block(body, out);
                out.push(Ins::EnterFinally);
                out[setup] = Ins::SetupFinally(out.len());
                compile_block(cleanup, out);
                out.push(Ins::EndFinally);
            }
            Stmt::Loop { n, body } => {
                let setup = out.len();
                out.push(Ins::SetupLoop { n: *n, end: 0 });
                compile_block(body, out);
                out.push(Ins::EndLoop);
                out[setup] = Ins::SetupLoop {
                    n: *n,
                    end: out.len(),
                };
            }
            Stmt::BreakIf(k) => out.push(Ins::BreakIf(*k)),
            Stmt::ContinueIf(k) => out.push(Ins::ContinueIf(*k)),
            Stmt::Drive { func, calls } => out.push(Ins::Drive(*func, Rc::new(calls.clone()))),
            Stmt::Reenter(call) => out.push(Ins::Reenter(*call)),
        }
    }
}

pub(crate) fn compile(case: &Case, backends: impl Fn(usize) -> Backend) -> Program {
    Program {
        code: case
            .funcs
            .iter()
            .map(|f| {
                let mut out = Vec::new();
                compile_block(f, &mut out);
                out
            })
            .collect(),
        backends: (0..case.funcs.len()).map(backends).collect(),
        me: RefCell::new(None),
    }
}

fn catches(catch: Catch, e: &Error<i64>) -> bool {
    match catch {
        Catch::Code(c) => *e == Error::Raised(c),
        Catch::Own => matches!(e, Error::Raised(_)),
        Catch::Exception => !e.is_generator_exit(),
        Catch::Exit => e.is_generator_exit(),
        Catch::Base => true,
    }
}

pub(crate) fn make(prog: Rc<Program>, func: usize) -> VmGen {
    vm::on(prog.backends[func], prog.clone(), func)
}

/// The iteration the innermost loop is in.
fn iteration(blocks: &[Block]) -> i64 {
    blocks
        .iter()
        .rev()
        .find_map(|b| match b {
            Block::Loop { i, .. } => Some(*i),
            _ => None,
        })
        .expect("vm: break or continue outside a loop")
}

/// The interpreter: one body, both backends.
#[generator]
pub(crate) fn vm(
    prog: Rc<Program>,
    func: usize,
) -> impl Generator<Item = i64, Send = i64, Return = Option<i64>, Error = i64> {
    let mut pc = 0;
    let mut blocks: Vec<Block> = Vec::new();
    loop {
        let Some(ins) = prog.code[func].get(pc).cloned() else {
            return Ok(None); // fell off the end
        };
        pc += 1;
        let mut why = Why::Normal;
        match ins {
            Ins::Yield(k) => {
                let resumed = yield k;
                match resumed {
                    Ok(v) => log(format!("recv {}", show(v))),
                    Err(e) => why = Why::Raise(e),
                }
            }
            Ins::Log(n) => log(format!("log {n}")),
            Ins::Raise(c) => why = Why::Raise(Error::Raised(c)),
            Ins::RaiseStop => why = Why::Raise(Error::StopIteration),
            Ins::Return(v) => why = Why::Return(v),
            Ins::YieldFrom(f) => {
                let done = yield_from!(make(prog.clone(), f));
                match done {
                    Ok(r) => log(format!("ret {}", show(r.flatten()))),
                    Err(e) => why = Why::Raise(e),
                }
            }
            Ins::YieldFromList(items) => {
                let done = yield_from!(items.to_vec());
                match done {
                    Ok(()) => log("iterdone".to_owned()),
                    Err(e) => why = Why::Raise(e),
                }
            }
            Ins::SetupExcept(h, c) => blocks.push(Block::Except(h, c)),
            Ins::SetupFinally(f) => blocks.push(Block::Finally(f)),
            Ins::PopBlock => {
                blocks.pop();
            }
            Ins::Jump(to) => pc = to,
            Ins::PopExcept => {
                blocks.pop();
            }
            Ins::EnterFinally => {
                blocks.pop();
                blocks.push(Block::Cleanup(Why::Normal));
            }
            Ins::EndFinally => match blocks.pop() {
                Some(Block::Cleanup(pending)) => why = pending,
                other => panic!("vm: EndFinally found {other:?}"),
            },
            Ins::Reraise => match blocks.iter().rev().find_map(|b| match b {
                Block::Handling(e) => Some(e.clone()),
                _ => None,
            }) {
                Some(e) => why = Why::Raise(e),
                None => panic!("vm: bare raise outside a handler"),
            },
            Ins::SetupLoop { n, end } if n <= 0 => pc = end,
            Ins::SetupLoop { n, end } => blocks.push(Block::Loop {
                start: pc,
                end,
                i: 0,
                n,
            }),
            // The body ran to its end: on to the next iteration.
            Ins::EndLoop => why = Why::Continue,
            Ins::BreakIf(k) if iteration(&blocks) == k => why = Why::Break,
            Ins::ContinueIf(k) if iteration(&blocks) == k => why = Why::Continue,
            Ins::BreakIf(_) | Ins::ContinueIf(_) => {}
            Ins::Drive(f, calls) => {
                let mut h = make(prog.clone(), f);
                for &call in calls.iter() {
                    log(format!("f{f}: {}", call_line(&mut h, call)));
                }
                log(format!("f{f}: drop"));
                drop(h);
            }
            Ins::Reenter(call) => {
                let me = prog.me.borrow().clone();
                match me {
                    Some(mut me) => log(format!("self {}", call_line(&mut me, call))),
                    None => log("self gone".to_owned()),
                }
            }
        }
        // Unwind: find the block that takes over, or leave the body.
        if !matches!(why, Why::Normal) {
            loop {
                match blocks.pop() {
                    None => {
                        return match why {
                            Why::Raise(e) => Err(e),
                            Why::Return(v) => Ok(v),
                            other => unreachable!("vm: {other:?} outside a loop"),
                        };
                    }
                    Some(Block::Except(h, c)) => {
                        if let Why::Raise(e) = &why
                            && catches(c, e)
                        {
                            log(format!("caught {}", token(e)));
                            blocks.push(Block::Handling(e.clone()));
                            pc = h;
                            break;
                        }
                    }
                    Some(Block::Finally(f)) => {
                        blocks.push(Block::Cleanup(why));
                        pc = f;
                        break;
                    }
                    Some(Block::Loop { start, end, i, n }) => match why {
                        Why::Continue if i + 1 < n => {
                            blocks.push(Block::Loop {
                                start,
                                end,
                                i: i + 1,
                                n,
                            });
                            pc = start;
                            break;
                        }
                        Why::Break | Why::Continue => {
                            pc = end;
                            break;
                        }
                        _ => {}
                    },
                    Some(Block::Handling(_) | Block::Cleanup(_)) => {}
                }
            }
        }
    }
}
