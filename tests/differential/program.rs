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
    /// `r = yield from f{j}(T, G); T.append(f"ret {r}")`
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
    /// `for i<d> in range(n): body`, where `d` is the loop's nesting depth.
    Loop { n: i64, body: Vec<Stmt> },
    /// `if i<d> == k: break`, for the innermost loop `d`.
    BreakIf(i64),
    /// `if i<d> == k: continue`, for the innermost loop `d`.
    ContinueIf(i64),
    /// A body driving another generator by hand: `h = f{j}(T, G)`, the calls
    /// (each traced as `f{j}: <line>`), then `del h` (traced `f{j}: drop`).
    Drive { func: usize, calls: Vec<Call> },
    /// In the body of `funcs[0]`: a call on its own generator (`G[0]`, in
    /// Rust a `pygen::Shared` handle), i.e. while it runs: traced as
    /// `self <line>`, or `self gone` once the caller has dropped it.
    Reenter(Call),
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
    /// `g.throw(StopIteration)` / `throw_error(Error::StopIteration)`
    ThrowStop,
    Close,
    State,
    Drop,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Case {
    /// `funcs[0]` is the generator the calls drive; `funcs[i]` may only
    /// `yield from` or drive `funcs[j]` with `j > i`.
    pub(crate) funcs: Vec<Vec<Stmt>>,
    pub(crate) calls: Vec<Call>,
}

impl Case {
    /// Whether a statement of any function satisfies `f`.
    pub(crate) fn any_stmt(&self, f: &impl Fn(&Stmt) -> bool) -> bool {
        self.funcs.iter().any(|body| any_stmt(body, f))
    }

    /// Whether a call satisfies `f`: the caller's, or one a body makes.
    pub(crate) fn any_call(&self, f: impl Fn(Call) -> bool) -> bool {
        self.calls.iter().any(|c| f(*c))
            || self.any_stmt(&|s| match s {
                Stmt::Drive { calls, .. } => calls.iter().any(|c| f(*c)),
                Stmt::Reenter(c) => f(*c),
                _ => false,
            })
    }
}

/// Whether a statement of `block`, or nested in it, satisfies `f`.
pub(crate) fn any_stmt(block: &[Stmt], f: &impl Fn(&Stmt) -> bool) -> bool {
    block.iter().any(|s| {
        f(s) || match s {
            Stmt::TryExcept { body, handler, .. } => any_stmt(body, f) || any_stmt(handler, f),
            Stmt::TryFinally { body, cleanup } => any_stmt(body, f) || any_stmt(cleanup, f),
            Stmt::Loop { body, .. } => any_stmt(body, f),
            _ => false,
        }
    })
}

/// Whether `block` has a `break`/`continue` outside any loop of its own
/// (it belongs to a loop around the block).
pub(crate) fn loose_break(block: &[Stmt]) -> bool {
    block.iter().any(|s| match s {
        Stmt::BreakIf(_) | Stmt::ContinueIf(_) => true,
        Stmt::TryExcept { body, handler, .. } => loose_break(body) || loose_break(handler),
        Stmt::TryFinally { body, cleanup } => loose_break(body) || loose_break(cleanup),
        _ => false,
    })
}
