//! One hand-written case per construct of the wider programs (loops with
//! break/continue, a body driving another generator, a body resuming itself,
//! throw(StopIteration)), each pinned to the exact trace CPython prints.

use crate::cpython::{available, run_python};
use crate::program::{Call, Case, Catch, Stmt::*};
use crate::rust::{MODES, run_rust};

/// Every backend mode, and CPython when there is one, print `expected`.
fn pin(case: Case, expected: &[&str]) {
    if available() {
        let python = run_python(std::slice::from_ref(&case)).remove(0);
        assert_eq!(python, expected, "CPython");
    }
    for mode in MODES {
        assert_eq!(run_rust(&case, mode), expected, "{mode:?}");
    }
}

/// PEP 479 in a Created generator (which it closes), as is from a Closed one.
#[test]
fn throw_stop_iteration_into_a_created_then_closed_generator() {
    pin(
        Case {
            funcs: vec![vec![Yield(1)]],
            calls: vec![Call::ThrowStop, Call::State, Call::ThrowStop, Call::Next],
        },
        &[
            "err RuntimeError:generator raised StopIteration",
            "state GEN_CLOSED",
            "err StopIteration",
            "stop None",
            "drop",
        ],
    );
}

/// Raised in the delegator at a `yield from` over a list (PEP 380), where an
/// `except Exception` catches it.
#[test]
fn throw_stop_iteration_into_a_yield_from_a_list() {
    pin(
        Case {
            funcs: vec![vec![TryExcept {
                body: vec![YieldFromList(vec![1001, 1002])],
                catch: Catch::Exception,
                handler: vec![Yield(3)],
            }]],
            calls: vec![Call::Next, Call::ThrowStop, Call::Next],
        },
        &[
            "yield 1001",
            "caught StopIteration",
            "yield 3",
            "recv None",
            "stop None",
            "drop",
        ],
    );
}

/// Forwarded to a subgenerator, which turns it into RuntimeError on its way out.
#[test]
fn throw_stop_iteration_into_a_delegator() {
    pin(
        Case {
            funcs: vec![
                vec![TryExcept {
                    body: vec![YieldFrom(1)],
                    catch: Catch::Exception,
                    handler: vec![Yield(3)],
                }],
                vec![TryFinally {
                    body: vec![Yield(2)],
                    cleanup: vec![Log(4)],
                }],
            ],
            calls: vec![Call::Next, Call::ThrowStop, Call::Next],
        },
        &[
            "yield 2",
            "log 4",
            "caught RuntimeError:generator raised StopIteration",
            "yield 3",
            "recv None",
            "stop None",
            "drop",
        ],
    );
}

/// Every call a body makes on its own generator while it runs, then one from
/// its cleanup once the caller dropped it.
#[test]
fn a_body_resuming_itself() {
    let calls = [
        Call::Next,
        Call::IterNext,
        Call::Send(-1),
        Call::Throw(1),
        Call::ThrowExit,
        Call::ThrowStop,
        Call::Close,
        Call::State,
    ];
    let mut body: Vec<_> = calls.into_iter().map(Reenter).collect();
    body.push(TryFinally {
        body: vec![Yield(1)],
        cleanup: vec![Reenter(Call::Next)],
    });
    pin(
        Case {
            funcs: vec![body],
            calls: vec![Call::Next, Call::State],
        },
        &[
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self err ValueError:generator already executing",
            "self state GEN_RUNNING",
            "yield 1",
            "state GEN_SUSPENDED",
            "drop",
            "self gone",
        ],
    );
}

/// A body drives another generator by hand through each call, then drops it
/// while it is suspended (its cleanup runs there).
#[test]
fn a_body_driving_another_generator() {
    pin(
        Case {
            funcs: vec![
                vec![
                    Drive {
                        func: 1,
                        calls: vec![Call::State, Call::Next, Call::Send(-5), Call::Throw(2)],
                    },
                    Yield(9),
                    Drive {
                        func: 1,
                        calls: vec![Call::Next, Call::ThrowExit, Call::Close, Call::ThrowStop],
                    },
                ],
                vec![TryFinally {
                    body: vec![
                        Yield(1),
                        TryExcept {
                            body: vec![Yield(2)],
                            catch: Catch::Own,
                            handler: vec![Yield(3)],
                        },
                    ],
                    cleanup: vec![Log(4)],
                }],
            ],
            calls: vec![Call::Next, Call::Next],
        },
        &[
            "f1: state GEN_CREATED",
            "f1: yield 1",
            "recv -5",
            "f1: yield 2",
            "caught E2",
            "f1: yield 3",
            "f1: drop",
            "log 4",
            "yield 9",
            "recv None",
            "f1: yield 1",
            "log 4",
            "f1: err GeneratorExit",
            "f1: closed None",
            "f1: err StopIteration",
            "f1: drop",
            "stop None",
            "drop",
        ],
    );
}

/// `break` and `continue` around yields; a `break` in a `finally` discards
/// the exception being raised, and one in a handler ends it.
#[test]
fn loops_with_break_and_continue() {
    pin(
        Case {
            funcs: vec![vec![
                Loop {
                    n: 3,
                    body: vec![ContinueIf(1), Yield(1), BreakIf(2), Log(2)],
                },
                Loop {
                    n: 2,
                    body: vec![TryFinally {
                        body: vec![Yield(3), Raise(1)],
                        cleanup: vec![BreakIf(0)],
                    }],
                },
                Loop {
                    n: 3,
                    body: vec![TryExcept {
                        body: vec![Yield(4)],
                        catch: Catch::Own,
                        handler: vec![Log(5), BreakIf(1), ContinueIf(0)],
                    }],
                },
            ]],
            calls: vec![
                Call::Next,
                Call::Next,
                Call::Next,
                Call::Next,
                Call::Throw(1),
                Call::Throw(2),
                Call::Next,
            ],
        },
        &[
            "yield 1",
            "recv None",
            "log 2",
            "yield 1",
            "recv None",
            "yield 3",
            "recv None",
            "yield 4",
            "caught E1",
            "log 5",
            "yield 4",
            "caught E2",
            "log 5",
            "stop None",
            "stop None",
            "drop",
        ],
    );
}
