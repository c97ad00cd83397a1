//! The program model: a generator function's statements and the caller's script.

/// Which exceptions an `except` clause catches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Catch {
    /// `except E as e: if e.code != c: raise`
    Code(i64),
    /// `except E`: any of the body's own errors.
    Own,
    /// `except Exception`: everything but GeneratorExit.
    Exception,
    /// `except GeneratorExit`
    Exit,
    /// `except BaseException`
    Base,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stmt {
    /// `x = yield k; T.append(f"recv {x}")`
    Yield(i64),
    /// `T.append("log n")`
    Log(i64),
    /// `raise E(c)`
    Raise(i64),
    /// `raise StopIteration`
    RaiseStop,
    /// `return` / `return v`
    Return(Option<i64>),
    /// `r = yield from f{j}(T); T.append(f"ret {r}")`
    YieldFrom(usize),
    /// `yield from [..]; T.append("iterdone")`
    YieldFromList(Vec<i64>),
    /// `try: body except <catch>: T.append("caught .."); handler`
    TryExcept {
        body: Vec<Stmt>,
        catch: Catch,
        handler: Vec<Stmt>,
    },
    /// `try: body finally: cleanup`
    TryFinally { body: Vec<Stmt>, cleanup: Vec<Stmt> },
    /// A bare `raise` at the top level of an except handler.
    Reraise,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Call {
    /// `next(g)` / `g.resume()`
    Next,
    /// `next(g)` / `Iterator::next` + `take_completion`
    IterNext,
    Send(i64),
    Throw(i64),
    /// `g.throw(GeneratorExit)` / `throw_error(Error::GeneratorExit)`
    ThrowExit,
    Close,
    State,
    Drop,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Case {
    /// `funcs[0]` is the generator the calls drive; `funcs[i]` may only
    /// `yield from` `funcs[j]` with `j > i`.
    pub(crate) funcs: Vec<Vec<Stmt>>,
    pub(crate) calls: Vec<Call>,
}
