//! The CPython side's source: the same program printed as Python.

use crate::program::{Call, Case, Catch, Stmt};
use std::fmt::Write as _;

/// Helpers shared by every generated script.
pub(crate) const PY_PRELUDE: &str = r##"
import gc, inspect, json, sys, types

# Cyclic garbage is collected only where the script says so (after a drop):
# an automatic collection at an arbitrary allocation would finalize an
# abandoned generator at a point that depends on the whole batch.
gc.disable()

class E(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

# A send into `yield from` over a plain iterator: CPython names its type
# ('list_iterator'), pygen the Rust one; the trace names neither.
NO_SEND = " object has no attribute 'send'"

def no_send(m):
    t = m[:-len(NO_SEND)] if m.endswith(NO_SEND) else ""
    named = len(t) > 2 and t.startswith("'") and t.endswith("'")
    return "'<iterator>'" + NO_SEND if named else m

def tok(e):
    if isinstance(e, E): return f"E{e.code}"
    if isinstance(e, GeneratorExit): return "GeneratorExit"
    if isinstance(e, StopIteration): return "StopIteration"
    if isinstance(e, AttributeError): return "AttributeError:" + no_send(str(e))
    return f"{type(e).__name__}:{e}"

CUR = []
sys.unraisablehook = lambda u: CUR.append("unraisable " + tok(u.exc_value))

def show(v): return "None" if v is None else str(v)

def close13(g):
    # CPython 3.13's close(): returns the value the generator returned while
    # handling GeneratorExit (3.11 returns None). throw(GeneratorExit) takes
    # the same path as close() (closes a yield-from subiterator first).
    if sys.version_info >= (3, 13):
        return g.close()
    try:
        g.throw(GeneratorExit)
    except StopIteration as s:
        return s.value
    except GeneratorExit:
        return None
    raise RuntimeError("generator ignored GeneratorExit")

# 3.12 and 3.13 let a StopIteration thrown into a generator that never
# started escape unchanged; PEP 479 (and 3.10/3.11, and pygen) turn it into
# RuntimeError. Their `yield from` of an iterator without throw() also takes
# a thrown StopIteration as the iterator's end: SPLIT then makes the script
# spell such a `yield from` out as a loop, which raises it in the delegator
# as PEP 380 says (cases without throw(StopIteration) keep `yield from`).
SPLIT = sys.version_info >= (3, 12)

def throw_stop(g, s):
    if SPLIT and inspect.getgeneratorstate(g) == "GEN_CREATED":
        g.close()
        raise RuntimeError("generator raised StopIteration")
    return g.throw(s)

def do(T, g, op, a=None, p=""):
    # One call of a script on g, traced with the prefix p. A thrown
    # StopIteration that comes back out as is (from a closed generator) is
    # an error, not the generator's return.
    thrown = StopIteration()
    try:
        if op == "state":
            T.append(p + "state " + inspect.getgeneratorstate(g))
            return
        if op == "close":
            T.append(f"{p}closed {show(close13(g))}")
            return
        if op == "next": v = next(g)
        elif op == "send": v = g.send(a)
        elif op == "throw": v = g.throw(E(a))
        elif op == "exit": v = g.throw(GeneratorExit)
        else: v = throw_stop(g, thrown)
        T.append(f"{p}yield {v}")
    except StopIteration as s:
        T.append(f"{p}err StopIteration" if s is thrown else f"{p}stop {show(s.value)}")
    except BaseException as e:
        T.append(p + "err " + tok(e))

def reent(T, G, op, a=None):
    # A call on the case's own generator from inside a body.
    if G: do(T, G[0], op, a, "self ")
    else: T.append("self gone")

KEEP = []

def leftover(T, prefix):
    # Generators of this case still alive and suspended after collecting:
    # CPython did not finalize them (see LEFTOVER in compare.rs). Kept for
    # good, so that they cannot die (and print) during a later case.
    if any("ignored" in line for line in T):
        left = [o for o in gc.get_objects()
                if isinstance(o, types.GeneratorType) and o.gi_frame is not None
                and o.gi_code.co_name.startswith(prefix)]
        if left:
            KEEP.extend(left)
            T.append("#leftover")
"##;

/// The arguments of `do` after `T, g` for a call.
fn py_op(call: Call) -> String {
    match call {
        Call::Next | Call::IterNext => "\"next\"".to_owned(),
        Call::Send(v) => format!("\"send\", {v}"),
        Call::Throw(c) => format!("\"throw\", {c}"),
        Call::ThrowExit => "\"exit\"".to_owned(),
        Call::ThrowStop => "\"stop\"".to_owned(),
        Call::Close => "\"close\"".to_owned(),
        Call::State => "\"state\"".to_owned(),
        Call::Drop => unreachable!("a drop is a del"),
    }
}

/// Where a block is printed.
#[derive(Clone, Copy)]
struct Py {
    case: usize,
    /// Spell `yield from [..]` out when the Python is one that needs it (`SPLIT`).
    split_lists: bool,
    indent: usize,
    /// Statement nesting depth: names the handlers' `e<d>`, the loops' `i<d>`
    /// and the driven generators' `h<d>`.
    depth: usize,
    /// The depth of the innermost loop.
    loop_depth: Option<usize>,
}

impl Py {
    fn nested(self) -> Py {
        Py {
            indent: self.indent + 1,
            depth: self.depth + 1,
            ..self
        }
    }
}

fn py_block(stmts: &[Stmt], at: Py, out: &mut String) {
    let pad = "    ".repeat(at.indent);
    let (case, d) = (at.case, at.depth);
    if stmts.is_empty() {
        let _ = writeln!(out, "{pad}pass");
    }
    for s in stmts {
        match s {
            Stmt::Yield(k) => {
                let _ = writeln!(out, "{pad}x = yield {k}");
                let _ = writeln!(out, "{pad}T.append(f\"recv {{show(x)}}\")");
            }
            Stmt::Log(n) => {
                let _ = writeln!(out, "{pad}T.append(\"log {n}\")");
            }
            Stmt::Raise(c) => {
                let _ = writeln!(out, "{pad}raise E({c})");
            }
            Stmt::RaiseStop => {
                let _ = writeln!(out, "{pad}raise StopIteration");
            }
            Stmt::Return(None) => {
                let _ = writeln!(out, "{pad}return");
            }
            Stmt::Return(Some(v)) => {
                let _ = writeln!(out, "{pad}return {v}");
            }
            Stmt::YieldFrom(f) => {
                let _ = writeln!(out, "{pad}r = yield from c{case}_f{f}(T, G)");
                let _ = writeln!(out, "{pad}T.append(f\"ret {{show(r)}}\")");
            }
            Stmt::YieldFromList(items) if at.split_lists => {
                let _ = writeln!(out, "{pad}if SPLIT:");
                let _ = writeln!(out, "{pad}    it = iter({items:?})");
                let _ = writeln!(out, "{pad}    for v in it:");
                let _ = writeln!(out, "{pad}        s = yield v");
                let _ = writeln!(out, "{pad}        if s is not None: it.send(s)");
                let _ = writeln!(out, "{pad}else:");
                let _ = writeln!(out, "{pad}    yield from {items:?}");
                let _ = writeln!(out, "{pad}T.append(\"iterdone\")");
            }
            Stmt::YieldFromList(items) => {
                let _ = writeln!(out, "{pad}yield from {items:?}");
                let _ = writeln!(out, "{pad}T.append(\"iterdone\")");
            }
            Stmt::Reraise => {
                let _ = writeln!(out, "{pad}raise");
            }
            Stmt::TryExcept {
                body,
                catch,
                handler,
            } => {
                let _ = writeln!(out, "{pad}try:");
                py_block(body, at.nested(), out);
                let class = match catch {
                    Catch::Code(_) | Catch::Own => "E",
                    Catch::Exception => "Exception",
                    Catch::Exit => "GeneratorExit",
                    Catch::Base => "BaseException",
                };
                let _ = writeln!(out, "{pad}except {class} as e{d}:");
                if let Catch::Code(c) = catch {
                    let _ = writeln!(out, "{pad}    if e{d}.code != {c}: raise");
                }
                let _ = writeln!(out, "{pad}    T.append(\"caught \" + tok(e{d}))");
                py_block(handler, at.nested(), out);
            }
            Stmt::TryFinally { body, cleanup } => {
                let _ = writeln!(out, "{pad}try:");
                py_block(body, at.nested(), out);
                let _ = writeln!(out, "{pad}finally:");
                py_block(cleanup, at.nested(), out);
            }
            Stmt::Loop { n, body } => {
                let _ = writeln!(out, "{pad}for i{d} in range({n}):");
                let inner = Py {
                    loop_depth: Some(d),
                    ..at.nested()
                };
                py_block(body, inner, out);
            }
            Stmt::BreakIf(k) | Stmt::ContinueIf(k) => {
                let l = at.loop_depth.expect("break or continue outside a loop");
                let what = if matches!(s, Stmt::BreakIf(_)) {
                    "break"
                } else {
                    "continue"
                };
                let _ = writeln!(out, "{pad}if i{l} == {k}: {what}");
            }
            Stmt::Drive { func, calls } => {
                let _ = writeln!(out, "{pad}h{d} = c{case}_f{func}(T, G)");
                for &call in calls {
                    let op = py_op(call);
                    let _ = writeln!(out, "{pad}do(T, h{d}, {op}, p=\"f{func}: \")");
                }
                let _ = writeln!(out, "{pad}T.append(\"f{func}: drop\")");
                let _ = writeln!(out, "{pad}del h{d}");
                let _ = writeln!(out, "{pad}while gc.collect(): pass");
            }
            Stmt::Reenter(call) => {
                let _ = writeln!(out, "{pad}reent(T, G, {})", py_op(*call));
            }
        }
    }
}

/// Case `n` as Python: its functions `c<n>_f<i>` and `case<n>()`, which runs
/// the caller's script and prints the trace as one JSON line.
pub(crate) fn py_case(case: &Case, n: usize, out: &mut String) {
    let at = Py {
        case: n,
        split_lists: case.any_call(|c| c == Call::ThrowStop),
        indent: 1,
        depth: 0,
        loop_depth: None,
    };
    for (f, body) in case.funcs.iter().enumerate() {
        let _ = writeln!(out, "def c{n}_f{f}(T, G):");
        // Makes it a generator function even without a yield.
        let _ = writeln!(out, "    if 0: yield");
        py_block(body, at, out);
    }
    let _ = writeln!(out, "def case{n}():");
    let _ = writeln!(out, "    global CUR");
    let _ = writeln!(out, "    T = CUR = []");
    // The bodies' handle to the generator (for `reent`), emptied before the drop.
    let _ = writeln!(out, "    G = []");
    let _ = writeln!(out, "    g = c{n}_f0(T, G)");
    let _ = writeln!(out, "    G.append(g)");
    // A drop ends the script.
    for &call in case.calls.iter().take_while(|&&c| c != Call::Drop) {
        let _ = writeln!(out, "    do(T, g, {})", py_op(call));
    }
    let _ = writeln!(out, "    T.append(\"drop\")");
    let _ = writeln!(out, "    G.clear()");
    let _ = writeln!(out, "    del g");
    // Until nothing is left: finalizing one generator can leave another in a
    // cycle that only the next collection finds (pygen drops it at once).
    let _ = writeln!(out, "    while gc.collect(): pass");
    let _ = writeln!(out, "    leftover(T, \"c{n}_\")");
    let _ = writeln!(out, "    print(json.dumps(T))");
}

/// A whole script: the cases, then a run of each.
pub(crate) fn py_script(cases: &[Case]) -> String {
    let mut src = String::from(PY_PRELUDE);
    for (n, case) in cases.iter().enumerate() {
        py_case(case, n, &mut src);
    }
    // Collections after a drop then only scan what the case made.
    src.push_str("gc.freeze()\n");
    for n in 0..cases.len() {
        let _ = writeln!(src, "case{n}()");
    }
    src
}
