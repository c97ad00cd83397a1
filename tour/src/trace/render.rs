//! Drawing a timeline as text: two lanes, caller | generator, in Rust's or
//! Python's words, wrapped to a width.

use super::delegation::chain_line;
use super::python::py_from_debug;
use super::text::{Style, wrap};
use super::{Depth, Event, Recorder};
use pygen::GeneratorState;
use std::fmt::Write as _;

/// How to draw a timeline.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Speak Python (`next(g)`, `<-- 5`, `raises StopIteration`), with the
    /// Rust value beside each outcome; otherwise the Rust API's words.
    pub python: bool,
    /// ANSI colours (only for a terminal).
    pub colour: bool,
    /// Wrap every line to this many columns (`usize::MAX`: never).
    pub width: usize,
    /// Where the body's events are in the Python source: the first entry
    /// whose text starts the event's Python text gives its line, e.g.
    /// `("yield", 3)`. The states then say which line the generator is paused
    /// at or runs from.
    pub lines: &'a [(&'a str, u32)],
}

impl View<'_> {
    /// The Rust API's words, unwrapped (what [`Recorder::render`] draws).
    pub const RUST: View<'static> = View {
        python: false,
        colour: false,
        width: usize::MAX,
        lines: &[],
    };

    /// Python's words at `width` columns, with no source lines.
    pub fn python(width: usize) -> View<'static> {
        View {
            python: true,
            colour: false,
            width,
            lines: &[],
        }
    }
}

/// The caller lane's width.
pub(crate) const LEFT: usize = 38;

impl Recorder {
    /// The timeline as text: two lanes, caller | generator, in the Rust
    /// API's words. `colour` adds ANSI colours (use it only when writing to a
    /// terminal).
    pub fn render(&self, colour: bool) -> String {
        self.render_from(0, colour, true)
    }

    /// The rows for events `start..` (what `pygen step` prints after each
    /// command), with the two-line header if `header`.
    pub fn render_from(&self, start: usize, colour: bool, header: bool) -> String {
        let view = View {
            colour,
            ..View::RUST
        };
        self.render_view(start, &view, header)
    }

    /// The rows for events `start..` as `view` says, with the two-line header if `header`.
    pub fn render_view(&self, start: usize, view: &View<'_>, header: bool) -> String {
        let mut out = String::new();
        if header {
            let _ = writeln!(out, "{:<LEFT$}| generator", "caller");
            let right = view.width.saturating_sub(LEFT + 1).min(LEFT);
            let _ = writeln!(out, "{}+{}", "-".repeat(LEFT), "-".repeat(right));
        }
        let mut at = Lines::default();
        let _ = rows(&self.events[..start.min(self.events.len())], view, &mut at);
        for row in rows(self.events.get(start..).unwrap_or_default(), view, &mut at) {
            for text in row.render(view) {
                out.push_str(&text);
                out.push('\n');
            }
        }
        out
    }
}

/// One step of a timeline, for a step-through: a row as drawn, the
/// generator it is about, and the Python line that generator is paused at
/// (or runs from) after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The row's printed lines.
    pub text: String,
    /// The variable name of the generator the last call went to.
    pub generator: String,
    /// Its line in the Python source, where the view's table knows it.
    pub line: Option<u32>,
}

impl Recorder {
    /// The timeline as steps, one per drawn row.
    pub fn steps(&self, view: &View<'_>) -> Vec<Step> {
        rows(&self.events, view, &mut Lines::default())
            .into_iter()
            .map(|row| Step {
                text: row.render(view).join("\n"),
                generator: row.at.0,
                line: row.at.1,
            })
            .collect()
    }
}

/// The Python line each generator's body was last at.
#[derive(Default)]
struct Lines {
    /// The generator the last call went to.
    current: String,
    at: std::collections::HashMap<String, u32>,
    /// The levels running inside it, outermost first (see [`Event::Enter`]).
    levels: Vec<(String, Depth)>,
}

impl Lines {
    fn get(&self) -> Option<u32> {
        self.at.get(&self.current).copied()
    }

    fn set(&mut self, line: Option<u32>) {
        match line {
            Some(n) => self.at.insert(self.current.clone(), n),
            None => self.at.remove(&self.current),
        };
    }
}

/// The Python line of a body event, from the view's table.
fn line_of(text: &str, view: &View<'_>) -> Option<u32> {
    view.lines
        .iter()
        .find(|(prefix, _)| text.starts_with(prefix))
        .map(|&(_, line)| line)
}

/// One logical row: caller text, generator text, or a note across both.
struct Row {
    left: Vec<(String, Style)>,
    right: Option<(String, Style)>,
    note: Option<String>,
    /// The left text is a call: draw an arrow towards the generator.
    arrow: bool,
    /// The left text is the caller's output: it keeps its row to itself.
    output: bool,
    /// The generator the row is about, and its Python line after the row.
    at: (String, Option<u32>),
}

impl Row {
    /// The printed lines of this row.
    fn render(&self, view: &View<'_>) -> Vec<String> {
        if let Some(note) = &self.note {
            return wrap(note, view.width.saturating_sub(2))
                .into_iter()
                .map(|l| Style::Note.paint(&format!("# {l}"), view.colour))
                .collect();
        }
        let wrapping = view.width != usize::MAX;
        let left_width = if self.arrow { LEFT - 5 } else { LEFT - 1 };
        let mut left: Vec<(String, Style)> = Vec::new();
        for (text, style) in &self.left {
            if wrapping {
                // Continuation lines hang by two columns.
                let lead = text.len() - text.trim_start().len();
                let mut parts = wrap(text.trim_start(), left_width - lead).into_iter();
                let first = parts.next().unwrap_or_default();
                let rest = parts.collect::<Vec<_>>().join(" ");
                left.push((format!("{:lead$}{first}", ""), *style));
                if !rest.is_empty() {
                    let hang = lead + 2;
                    left.extend(
                        wrap(&rest, left_width - hang)
                            .into_iter()
                            .map(|l| (format!("{:hang$}{l}", ""), *style)),
                    );
                }
            } else {
                left.push((text.clone(), *style));
            }
        }
        let right: Vec<(String, Style)> = match &self.right {
            Some((text, style)) if wrapping => {
                let width = view.width.saturating_sub(LEFT + 2).max(16);
                wrap(text, width).into_iter().map(|l| (l, *style)).collect()
            }
            Some(cell) => vec![cell.clone()],
            None => Vec::new(),
        };
        let rows = left.len().max(right.len()).max(1);
        (0..rows)
            .map(|i| {
                let (text, style) = left
                    .get(i)
                    .cloned()
                    .unwrap_or((String::new(), Style::Caller));
                let mut cell = text.clone();
                let pad = LEFT.saturating_sub(text.chars().count());
                if i == 0 && self.arrow && pad >= 5 {
                    cell.push_str(&" ".repeat(pad - 4));
                    cell.push_str("--> ");
                } else {
                    cell.push_str(&" ".repeat(pad.max(1)));
                }
                let cell = if text.is_empty() {
                    cell
                } else {
                    style.paint(&cell, view.colour)
                };
                match right.get(i) {
                    Some((text, style)) => format!("{cell}| {}", style.paint(text, view.colour)),
                    None => format!("{cell}|"),
                }
            })
            .collect()
    }
}

fn state_name(state: GeneratorState, line: Option<u32>, view: &View<'_>) -> String {
    match (state, line) {
        (GeneratorState::Suspended | GeneratorState::Running, Some(n)) if view.python => {
            format!("{state} at line {n}")
        }
        _ => state.to_string(),
    }
}

/// Lays the events out in rows, putting a caller-only event and the
/// generator-only event right after it on the same row. `line` is the Python
/// line the body is at, updated as body events pass.
fn rows(events: &[Event], view: &View<'_>, line: &mut Lines) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let py = view.python;
    for event in events {
        let body = |text: String, style: Style, line: &mut Lines| {
            if py && let Some(n) = line_of(&text, view) {
                line.set(Some(n));
            }
            let indent = "  ".repeat(line.levels.len().saturating_sub(1));
            (Vec::new(), Some((format!("{indent}{text}"), style)), false)
        };
        let (left, right, arrow) = match event {
            Event::Note(text) => {
                rows.push(Row {
                    left: Vec::new(),
                    right: None,
                    note: Some(text.clone()),
                    arrow: false,
                    output: false,
                    at: (line.current.clone(), line.get()),
                });
                continue;
            }
            Event::Call { name, rust, python } => {
                line.current.clone_from(name);
                let code = if py { python } else { rust };
                (vec![(code.clone(), Style::Caller)], None, true)
            }
            Event::Code { rust, python } => {
                let code = if py { python } else { rust };
                (vec![(code.clone(), Style::Caller)], None, false)
            }
            Event::Outcome {
                rust,
                python,
                error,
            } => {
                let style = if *error { Style::Error } else { Style::Caller };
                if !py {
                    (vec![(format!("<-- {rust}"), style)], None, false)
                } else {
                    let first = format!("<-- {python}");
                    let beside = format!("  (Rust: {rust})");
                    let fits = first.chars().count() + beside.chars().count() < LEFT;
                    if fits || view.width == usize::MAX {
                        (vec![(first + &beside, style)], None, false)
                    } else {
                        let rust = (format!("    (Rust: {rust})"), Style::Rust);
                        (vec![(first, style), rust], None, false)
                    }
                }
            }
            Event::CallerOutput(text) => (vec![(format!("> {text}"), Style::Caller)], None, false),
            Event::BodyOutput(text) => body(format!("> {text}"), Style::Body, line),
            Event::RaisedAtYield(e) => {
                let e = if py { py_from_debug(e) } else { e.clone() };
                (
                    Vec::new(),
                    Some((format!("{e} raised at the paused yield"), Style::Error)),
                    false,
                )
            }
            Event::Yield(v) => {
                let v = if py { py_from_debug(v) } else { v.clone() };
                let hops = |how| line.levels.iter().filter(|(_, d)| *d == how).count();
                let (through, calls) = (hops(Depth::YieldFrom), hops(Depth::Call));
                let plural = |n: usize| if n == 1 { "" } else { "s" };
                let how = if through > 1 {
                    let n = through - 1;
                    format!("  ^ climbs {n} yield from{}", plural(n))
                } else if calls > 1 {
                    let n = calls - 1;
                    format!("  ^ {n} call{} deep, 1 switch", plural(n))
                } else {
                    String::new()
                };
                body(format!("yield {v}{how}"), Style::Body, line)
            }
            Event::Enter { name, how } => {
                let kind = match how {
                    Depth::YieldFrom => "a generator",
                    Depth::Call => "a plain call",
                };
                line.levels.push((name.clone(), *how));
                body(format!("-> {name}: {kind}"), Style::State, line)
            }
            Event::Leave => {
                let name = line
                    .levels
                    .last()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default();
                let out = body(format!("<- {name} ends"), Style::State, line);
                line.levels.pop();
                out
            }
            // Not a body line: no source line to look up (it starts with
            // `yield` too).
            Event::YieldFrom(chain) => (Vec::new(), Some((chain_line(chain), Style::State)), false),
            Event::Return(r) => {
                let text = match (py, r.as_str()) {
                    (true, "()") => "return".to_owned(),
                    (true, r) => format!("return {}", py_from_debug(r)),
                    (false, r) => format!("return {r}"),
                };
                body(text, Style::Body, line)
            }
            Event::Raise(e) => {
                let e = if py { py_from_debug(e) } else { e.clone() };
                body(format!("raise {e}"), Style::Error, line)
            }
            Event::State { from, to } => {
                if *to == GeneratorState::Closed {
                    line.set(None);
                }
                let text = match from {
                    None => format!("[{to}]"),
                    Some(from) => format!("[{from} -> {}]", state_name(*to, line.get(), view)),
                };
                (Vec::new(), Some((text, Style::State)), false)
            }
        };
        if left.is_empty()
            && let Some(last) = rows.last_mut()
            && last.note.is_none()
            && !last.left.is_empty()
            && last.right.is_none()
            && !last.output
        {
            last.right = right;
            last.at = (line.current.clone(), line.get());
            continue;
        }
        // A call whose arrow points at nothing (no generator-lane event follows
        // on its row) still gets its arrow: it is a call.
        rows.push(Row {
            left,
            right,
            note: None,
            arrow,
            output: matches!(event, Event::CallerOutput(_)),
            at: (line.current.clone(), line.get()),
        });
    }
    rows
}
