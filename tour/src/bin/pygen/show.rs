//! `pygen tour`, `pygen show`, `pygen list`: the examples as text, in
//! Python's words, wrapped to the terminal.

use pygen::Backend;
use pygen_tour::trace::{View, wrap};
use pygen_tour::tutorial::{self, Example};
use std::fmt::Write as _;
use std::io::{self, Write};

/// How the examples are printed.
pub struct Options {
    /// ANSI colours.
    pub colour: bool,
    /// Columns to wrap to.
    pub width: usize,
    /// Only the claims, the verdict and the timeline.
    pub brief: bool,
}

/// Wraps every line of `text` to `width` columns after `indent` spaces,
/// keeping each line's own indentation, and 2 more, on its continuation
/// lines (which are wrapped 2 columns narrower for it).
pub fn indent(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let own = line.len() - line.trim_start().len();
        let room = width.saturating_sub(indent + own).max(16);
        let text = line.trim_start();
        let Some(first) = wrap(text, room).into_iter().next() else {
            let _ = writeln!(out);
            continue;
        };
        let _ = writeln!(out, "{:w$}{first}", "", w = indent + own);
        // The first line is a prefix of the text (wrapping only breaks
        // between words, or cuts a word longer than the line).
        let rest = text[first.len()..].trim_start_matches(' ');
        if !rest.is_empty() {
            for part in wrap(rest, (room - 2).max(16)) {
                let _ = writeln!(out, "{:w$}{part}", "", w = indent + own + 2);
            }
        }
    }
    out
}

/// A paragraph wrapped to `width`.
fn para(out: &mut String, text: &str, width: usize) {
    for line in wrap(text, width) {
        let _ = writeln!(out, "{line}");
    }
}

/// The Python source with line numbers, as the timelines refer to them.
pub fn numbered(source: &str, width: usize) -> String {
    let numbered: String = source
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{:>3}  {l}\n", i + 1))
        .collect();
    indent(&numbered, 2, width)
}

/// The Rust excerpt without its doc comment (which quotes the Python shown above).
fn rust_code(excerpt: &str) -> String {
    excerpt
        .lines()
        .filter(|l| !l.trim_start().starts_with("///"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn heading(text: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Everything about one example, with the timeline on each of `backends`.
/// `shown` holds the Rust excerpts already printed in this run (tag, example
/// number): a repeated one is named, not printed again.
pub fn render(
    ex: &Example,
    backends: &[Backend],
    opts: &Options,
    shown: &mut Vec<(&'static str, &'static str)>,
) -> String {
    let w = opts.width;
    let mut out = String::new();
    let title = format!("=== [{}] {} ===", ex.number, ex.title);
    for line in wrap(&title, w) {
        let _ = writeln!(out, "{}", heading(&line, opts.colour));
    }
    if !opts.brief {
        para(&mut out, &format!("({})", ex.section), w);
        let _ = writeln!(out, "\nPython (tutorial/python/{}):", ex.python_file);
        out.push_str(&numbered(ex.python, w));
    }
    match ex.claimed {
        Some(claimed) => {
            let _ = writeln!(out, "\nThe tutorial says it prints:");
            out.push_str(&indent(claimed, 4, w));
        }
        None => {
            let _ = writeln!(out, "\nThe tutorial shows no output for it.");
        }
    }
    if !opts.brief {
        let _ = writeln!(out, "\npython3 really prints:");
        out.push_str(&indent(ex.python_output, 4, w));
    }
    let _ = writeln!(out);
    para(&mut out, &format!("Verdict: {}", ex.verdict), w);
    if !opts.brief {
        if let Some((_, number)) = shown.iter().find(|(tag, _)| *tag == ex.rust_tag()) {
            let _ = writeln!(
                out,
                "\nRust: `{}`, as shown in example {number}.",
                ex.rust_tag()
            );
        } else {
            shown.push((ex.rust_tag(), ex.number));
            let rust = ex.rust();
            if rust.contains("#[generator]") {
                let _ = writeln!(out, "\nRust, written once with #[generator]:");
            } else {
                let _ = writeln!(out, "\nRust, one version per engine:");
            }
            out.push_str(&indent(&rust_code(&rust), 2, w));
        }
        for error in ex.compile_errors {
            let _ = writeln!(out, "\nIn Rust this does not compile:");
            out.push_str(&indent(error.code, 2, w));
            let _ = writeln!(out, "rustc says:");
            out.push_str(&indent(error.stderr, 2, w));
        }
    }
    let view = View {
        python: true,
        colour: opts.colour,
        width: w,
        lines: ex.lines,
    };
    let timelines: Vec<(Backend, String)> = backends
        .iter()
        .map(|&b| (b, ex.timeline(b).render_view(0, &view, true)))
        .collect();
    let same = timelines.iter().all(|(_, t)| *t == timelines[0].1);
    if same && timelines.len() > 1 {
        let _ = writeln!(
            out,
            "\nTimeline (both backends record these same events):\n"
        );
        out.push_str(&timelines[0].1);
    } else {
        for (backend, timeline) in &timelines {
            let _ = writeln!(out, "\nTimeline on the {backend} backend:\n");
            out.push_str(timeline);
        }
    }
    if !opts.brief {
        let measured = ex.measurements();
        if !measured.is_empty() {
            let _ = writeln!(out);
            for line in measured {
                if line.is_empty() {
                    out.push('\n');
                }
                out.push_str(&indent(&line, 0, w));
            }
        }
    }
    out
}

pub fn show(
    out: &mut dyn Write,
    ex: &Example,
    backends: &[Backend],
    opts: &Options,
) -> io::Result<()> {
    write!(out, "{}", render(ex, backends, opts, &mut Vec::new()))
}

pub fn list(out: &mut dyn Write) -> io::Result<()> {
    for ex in tutorial::examples() {
        writeln!(out, "{:>4}  {:<15} {}", ex.number, ex.id, ex.title)?;
    }
    Ok(())
}

const INTRO: &str = "\
pygen tour: the Python generator tutorial, each example run on both of pygen's
engines (stackless: nightly coroutines; stackful: a stack per generator),
written once with #[generator]. Both engines record the same events for every
example: the protocol is the same. Where they differ is cost, measured in the
last chapter.
";

pub fn tour(out: &mut dyn Write, opts: &Options, pause: bool) -> io::Result<()> {
    writeln!(out, "{INTRO}\n{}", tutorial::tour_legend())?;
    let mut shown = Vec::new();
    let examples = tutorial::examples();
    for (i, ex) in examples.iter().enumerate() {
        if pause && !crate::pager::wait(out, i, examples.len())? {
            return Ok(());
        }
        writeln!(out, "{}", render(ex, &Backend::ALL, opts, &mut shown))?;
    }
    writeln!(
        out,
        "That was every example of the tutorial, on both engines. Try `pygen step\n\
         send` to drive a generator yourself, `pygen quiz` to test yourself,\n\
         `pygen show <example>` for one, `pygen list` for their names."
    )
}
