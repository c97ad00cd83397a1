//! The CPython side: the same program printed as Python source, run by one `python3` per batch.

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

def tok(e):
    if isinstance(e, E): return f"E{e.code}"
    if isinstance(e, GeneratorExit): return "GeneratorExit"
    if isinstance(e, StopIteration): return "StopIteration"
    if isinstance(e, AttributeError): return "AttributeError"
    return f"{type(e).__name__}:{e}"

CUR = []
sys.unraisablehook = lambda u: CUR.append("unraisable " + tok(u.exc_value))

def show(v): return "None" if v is None else str(v)

def step(T, f):
    try:
        T.append(f"yield {f()}")
    except StopIteration as s:
        T.append(f"stop {show(s.value)}")
    except BaseException as e:
        T.append("err " + tok(e))

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

KEEP = []

def leftover(T, prefix):
    # Generators of this case still alive and suspended after collecting:
    # CPython did not finalize them (see LEFTOVER in differential.rs). Kept
    # for good, so that they cannot die (and print) during a later case.
    if any("ignored" in line for line in T):
        left = [o for o in gc.get_objects()
                if isinstance(o, types.GeneratorType) and o.gi_frame is not None
                and o.gi_code.co_name.startswith(prefix)]
        if left:
            KEEP.extend(left)
            T.append("#leftover")

def cl(T, g):
    try:
        T.append(f"closed {show(close13(g))}")
    except BaseException as e:
        T.append("err " + tok(e))
"##;

fn py_block(stmts: &[Stmt], case: usize, indent: usize, depth: usize, out: &mut String) {
    let pad = "    ".repeat(indent);
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
                let _ = writeln!(out, "{pad}r = yield from c{case}_f{f}(T)");
                let _ = writeln!(out, "{pad}T.append(f\"ret {{show(r)}}\")");
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
                py_block(body, case, indent + 1, depth + 1, out);
                let class = match catch {
                    Catch::Code(_) | Catch::Own => "E",
                    Catch::Exception => "Exception",
                    Catch::Exit => "GeneratorExit",
                    Catch::Base => "BaseException",
                };
                let _ = writeln!(out, "{pad}except {class} as e{depth}:");
                if let Catch::Code(c) = catch {
                    let _ = writeln!(out, "{pad}    if e{depth}.code != {c}: raise");
                }
                let _ = writeln!(out, "{pad}    T.append(\"caught \" + tok(e{depth}))");
                py_block(handler, case, indent + 1, depth + 1, out);
            }
            Stmt::TryFinally { body, cleanup } => {
                let _ = writeln!(out, "{pad}try:");
                py_block(body, case, indent + 1, depth + 1, out);
                let _ = writeln!(out, "{pad}finally:");
                py_block(cleanup, case, indent + 1, depth + 1, out);
            }
        }
    }
}

pub(crate) fn py_case(case: &Case, n: usize, out: &mut String) {
    for (f, body) in case.funcs.iter().enumerate() {
        let _ = writeln!(out, "def c{n}_f{f}(T):");
        // Makes it a generator function even without a yield.
        let _ = writeln!(out, "    if 0: yield");
        py_block(body, n, 1, 0, out);
    }
    let _ = writeln!(out, "def case{n}():");
    let _ = writeln!(out, "    global CUR");
    let _ = writeln!(out, "    T = CUR = []");
    let _ = writeln!(out, "    g = c{n}_f0(T)");
    for call in &case.calls {
        let line = match call {
            Call::Next | Call::IterNext => "step(T, lambda: next(g))".to_owned(),
            Call::Send(v) => format!("step(T, lambda: g.send({v}))"),
            Call::Throw(c) => format!("step(T, lambda: g.throw(E({c})))"),
            Call::ThrowExit => "step(T, lambda: g.throw(GeneratorExit))".to_owned(),
            Call::Close => "cl(T, g)".to_owned(),
            Call::State => "T.append(\"state \" + inspect.getgeneratorstate(g))".to_owned(),
            // The drop below; nothing comes after it.
            Call::Drop => break,
        };
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out, "    T.append(\"drop\")");
    let _ = writeln!(out, "    del g");
    // Until nothing is left: finalizing one generator can leave another in a
    // cycle that only the next collection finds (pygen drops it at once).
    let _ = writeln!(out, "    while gc.collect(): pass");
    let _ = writeln!(out, "    leftover(T, \"c{n}_\")");
    let _ = writeln!(out, "    print(json.dumps(T))");
}

/// Runs the cases on CPython, one process for the batch: one JSON trace per case.
pub(crate) fn run_python(cases: &[Case]) -> Vec<Vec<String>> {
    let mut src = String::from(PY_PRELUDE);
    for (n, case) in cases.iter().enumerate() {
        py_case(case, n, &mut src);
    }
    // Collections after a drop then only scan what the case made.
    src.push_str("gc.freeze()\n");
    for n in 0..cases.len() {
        let _ = writeln!(src, "case{n}()");
    }
    let dir = std::env::temp_dir().join(format!("pygen-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path =
        dir.join(format!("batch-{:?}.py", std::thread::current().id()).replace(['(', ')'], ""));
    std::fs::write(&path, &src).expect("write the python script");
    let out = std::process::Command::new("python3")
        .arg(&path)
        .output()
        .expect("python3 must be installed for the differential tests");
    assert!(
        out.status.success(),
        "python3 failed on {}:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    if std::env::var_os("PYGEN_DIFF_KEEP").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let traces: Vec<Vec<String>> = stdout.lines().map(parse_json_strings).collect();
    assert_eq!(traces.len(), cases.len(), "one trace per case");
    traces
}

/// Parses `["a", "b"]` as printed by `json.dumps` of a list of ASCII strings.
fn parse_json_strings(line: &str) -> Vec<String> {
    let inner = line
        .trim()
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .expect("a JSON list");
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        loop {
            match chars.next().expect("closed string") {
                '"' => break,
                '\\' => s.push(match chars.next().expect("escape") {
                    'n' => '\n',
                    other => other,
                }),
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}
