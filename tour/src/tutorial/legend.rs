//! The legend, written once: what each call does, for the tour's opening and
//! for `pygen step` (its start, its `help`, and `pygen step --help`).

use std::fmt::Write as _;

/// One call: as Python spells it for the generator `g`, its short form in
/// `pygen step` (empty: none), what it does (and what `pygen step` adds
/// about its short forms), and whether only `pygen step` has it.
struct Call {
    python: String,
    short: &'static str,
    does: String,
    step_adds: &'static str,
    step_only: bool,
}

/// The calls on the generator `g`, in the order the legends list them.
fn calls(g: &str) -> [Call; 9] {
    let call = |python: String, short, does: String| Call {
        python,
        short,
        does,
        step_adds: "",
        step_only: false,
    };
    let step_only = |python: &str, short, does: String| Call {
        python: python.to_owned(),
        short,
        does,
        step_adds: "",
        step_only: true,
    };
    [
        call(
            format!("next({g})"),
            "next",
            "run the body to its next yield".to_owned(),
        ),
        call(
            format!("{g}.send(\"Care\")"),
            "send Care",
            "the paused yield evaluates to 'Care'".to_owned(),
        ),
        Call {
            step_adds: "; so is send alone",
            ..call(
                format!("{g}.send(None)"),
                "send None",
                format!("the same as next({g})"),
            )
        },
        call(
            format!("{g}.throw(KeyError)"),
            "throw KeyError",
            "raise it at the paused yield".to_owned(),
        ),
        step_only("", "throw", "throw ValueError".to_owned()),
        call(
            format!("{g}.close()"),
            "close",
            "raise GeneratorExit at the paused yield".to_owned(),
        ),
        step_only(
            &format!("{g}.gi_yieldfrom"),
            "gi_yieldfrom",
            "what it delegates to now (None if nothing)".to_owned(),
        ),
        step_only("quit", "(end of input)", format!("drop {g} and stop")),
        step_only("help", "", "this legend".to_owned()),
    ]
}

/// Writes `calls` as a table: Python's spelling, the short form (if
/// `short`), what the call does.
fn write_calls(out: &mut String, calls: &[Call], short: bool) {
    let width = calls.iter().map(|c| c.python.len()).max().unwrap_or(0);
    for c in calls {
        let line = if short {
            format!(
                "  {:<width$} {:<15} {}{}",
                c.python, c.short, c.does, c.step_adds
            )
        } else {
            format!("  {:<width$} {}", c.python, c.does)
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The legend `pygen step` prints at the start and for `help`, for the
/// generator called `g`.
pub fn legend(g: &str) -> String {
    let answers = [
        (format!("Python: next({g}) → 5"), "it yielded 5"),
        (
            format!("Python: next({g}) raises StopIteration"),
            "the body ended (if it returned r:",
        ),
        (String::new(), "StopIteration(value=r))"),
        (format!("Rust:   {g}.resume() → Ok(Yielded(5))"), ""),
    ];
    let mut out = String::from(
        "Type a call as Python spells it, or its short form (a slip is only explained):\n",
    );
    write_calls(&mut out, &calls(g), true);
    out.push_str(
        "After each call: the new timeline rows (caller | generator), then the answer\n\
         as Python prints it, and the same call in pygen's Rust API:\n",
    );
    let width = answers
        .iter()
        .map(|a| a.0.chars().count())
        .max()
        .unwrap_or(0);
    for (example, what) in answers {
        let line = format!("  {example:<width$}   {what}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The tour's opening: the calls its timelines show, and how to read them.
pub fn tour_legend() -> String {
    let mut out = String::from(
        "How to read a timeline: the caller is on the left, the generator on the right.\n",
    );
    let calls: Vec<Call> = calls("g").into_iter().filter(|c| !c.step_only).collect();
    write_calls(&mut out, &calls, false);
    out.push_str(
        "  In Rust: g.resume() (or g.next(), as a for loop does), g.send(v), g.throw(e),\n  \
         g.close()\n",
    );
    out.push_str(concat!(
        "  del g          the last reference goes (Rust: drop(g)): a paused generator is\n",
        "                 closed\n",
        "  <-- 5          what the call returned; (Rust: Yielded(5)) is the Rust value\n",
        "  <-- raises X   the call raised X; StopIteration means the body returned\n",
        "  > text         a line printed (by the caller, or the body)\n",
        "  [A -> B]       the generator's state changed; `at line N` is the line of the\n",
        "                 Python source where it is paused, or runs from\n",
        "  yield from: inner() [Suspended]\n",
        "                 g is paused inside yield from, delegating to inner (outer →\n",
        "                 inner, each with its state): Python's g.gi_yieldfrom\n",
        "  # text         an explanation\n",
    ));
    out
}
