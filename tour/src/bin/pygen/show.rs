//! `pygen tour`, `pygen show`, `pygen list`.

use pygen::Backend;
use pygen_tour::tutorial::{self, Example};
use std::fmt::Write as _;
use std::io::{self, Write};

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

fn heading(text: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Everything about one example, with the timeline on each of `backends`
/// (on both: the stackful one is compared with the stackless one, and only
/// printed if it differs).
pub fn render(ex: &Example, backends: &[Backend], colour: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        heading(
            &format!("=== [{}] {} ({}) ===", ex.number, ex.title, ex.section),
            colour
        )
    );
    let _ = writeln!(out, "\nPython (tutorial/python/{}):", ex.python_file);
    out.push_str(&indent(ex.python));
    match ex.claimed {
        Some(claimed) => {
            let _ = writeln!(out, "\nThe tutorial says it prints:");
            out.push_str(&indent(claimed));
        }
        None => {
            let _ = writeln!(out, "\nThe tutorial shows no output for it.");
        }
    }
    let _ = writeln!(out, "\npython3 really prints:");
    out.push_str(&indent(ex.python_output));
    let _ = writeln!(out, "\nVerdict: {}", ex.verdict);
    let _ = writeln!(out, "\nRust, written once with #[generator]:");
    out.push_str(&indent(&ex.rust()));
    for error in ex.compile_errors {
        let _ = writeln!(out, "\nIn Rust this does not compile:");
        out.push_str(&indent(error.code));
        let _ = writeln!(out, "rustc says:");
        out.push_str(&indent(error.stderr));
    }
    let timelines: Vec<(Backend, String)> = backends
        .iter()
        .map(|&b| (b, ex.timeline(b).render(colour)))
        .collect();
    for (i, (backend, timeline)) in timelines.iter().enumerate() {
        if i > 0 && *timeline == timelines[0].1 {
            let _ = writeln!(
                out,
                "\nOn the {backend} backend: the same timeline, event for event."
            );
            continue;
        }
        let _ = writeln!(out, "\nTimeline on the {backend} backend:\n");
        out.push_str(timeline);
    }
    let measured = ex.measurements();
    if !measured.is_empty() {
        let _ = writeln!(
            out,
            "\nMeasured just now (best of 3 runs, noisy; not part of the timeline):"
        );
        for line in measured {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(
            out,
            "And python3 on the same machine, consuming the values (07b_memory_measured.py):"
        );
        out.push_str(&indent(tutorial::MEMORY_MEASURED_OUT));
    }
    out
}

pub fn show(
    out: &mut dyn Write,
    ex: &Example,
    backends: &[Backend],
    colour: bool,
) -> io::Result<()> {
    write!(out, "{}", render(ex, backends, colour))
}

pub fn list(out: &mut dyn Write) -> io::Result<()> {
    for ex in tutorial::examples() {
        writeln!(out, "{:>4}  {:<14} {}", ex.number, ex.id, ex.title)?;
    }
    Ok(())
}

const INTRO: &str = "\
pygen tour: the Python generator tutorial, each example run on both of pygen's engines
(stackless: nightly coroutines; stackful: a stack per generator), written once with #[generator].

How to read a timeline: the caller is on the left, the generator on the right.
  g.resume()     Python's next(g)          g.next()    next(g) as a for loop calls it
  g.send(v)      g.send(v)                 g.throw(e)  g.throw(e)
  g.close()      g.close()                 drop(g)     the generator goes away
  <-- ...        what the call returned    > text      a line printed (by the caller, or the body)
  [A -> B]       the generator's state changed (Created, Running, Suspended, Closed)
";

pub fn tour(out: &mut dyn Write, colour: bool) -> io::Result<()> {
    writeln!(out, "{INTRO}")?;
    for ex in tutorial::examples() {
        writeln!(out, "{}", render(ex, &Backend::ALL, colour))?;
    }
    writeln!(
        out,
        "That was every example of the tutorial, on both engines. Try `pygen step send` to drive a\n\
         generator yourself, `pygen show <example>` for one, `pygen list` for their names."
    )
}
