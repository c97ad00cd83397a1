//! The Rust side: a program compiled to instructions, run by one interpreter body on either backend.

use crate::program::{Case, Catch, Stmt};
use pygen::{Backend, BoxGenerator, Error, Generator, generator};
use std::cell::RefCell;
use std::rc::Rc;

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
}

/// Why control leaves a block.
#[derive(Clone, Debug)]
enum Why {
    Normal,
    Raise(Error<i64>),
    Return(Option<i64>),
}

#[derive(Debug)]
enum Block {
    Except(usize, Catch),
    Finally(usize),
    /// Inside an except handler, handling this error.
    Handling(Error<i64>),
    /// Inside a cleanup, with this pending.
    Cleanup(Why),
}

pub(crate) struct Program {
    code: Vec<Vec<Ins>>,
    /// The backend of each function's generators.
    backends: Vec<Backend>,
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
    }
}

thread_local! {
    pub(crate) static TRACE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub(crate) fn log(line: String) {
    TRACE.with(|t| t.borrow_mut().push(line));
}

pub(crate) fn show(v: Option<i64>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "None".to_owned(),
    }
}

/// An error as the Python side prints it: `E<code>` for the body's own
/// errors, the exception class and CPython's message for the others.
pub(crate) fn token(e: &Error<i64>) -> String {
    match e {
        Error::Raised(c) => format!("E{c}"),
        Error::GeneratorExit => "GeneratorExit".to_owned(),
        Error::StopIteration => "StopIteration".to_owned(),
        // CPython's message names the iterator's class ('list_iterator').
        Error::IteratorCannotSend => "AttributeError".to_owned(),
        Error::RaisedStopIteration | Error::IgnoredGeneratorExit => format!("RuntimeError:{e}"),
        Error::SendToJustStarted => format!("TypeError:{e}"),
        Error::AlreadyExecuting => format!("ValueError:{e}"),
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

pub(crate) fn make(prog: Rc<Program>, func: usize) -> BoxGenerator<i64, i64, Option<i64>, i64> {
    vm::on(prog.backends[func], prog.clone(), func)
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
        }
        // Unwind: find the block that takes over, or leave the body.
        if !matches!(why, Why::Normal) {
            loop {
                match blocks.pop() {
                    None => {
                        return match why {
                            Why::Raise(e) => Err(e),
                            Why::Return(v) => Ok(v),
                            Why::Normal => unreachable!(),
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
                    Some(Block::Handling(_) | Block::Cleanup(_)) => {}
                }
            }
        }
    }
}
