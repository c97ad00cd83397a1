//! `pygen quiz`: predict what the Python prints, then see the real output
//! and the tutorial's claim. Answers come from stdin, typed or piped.

use crate::show::numbered;
use pygen_tour::tutorial::Example;
use std::io::{self, BufRead, IsTerminal, Write};

/// Lines without trailing spaces, and no blank lines at the end.
fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Asks about each example in turn, writing to `out`; returns (right, asked).
pub fn run(out: &mut dyn Write, examples: &[&Example], width: usize) -> io::Result<(usize, usize)> {
    let interactive = std::io::stdin().is_terminal();
    let stdin = std::io::stdin();
    let mut input = stdin.lock().lines();
    let mut right = 0;
    let mut asked = 0;
    'examples: for ex in examples {
        writeln!(out, "=== Quiz [{}] {} ===\n", ex.number, ex.title)?;
        write!(out, "{}", numbered(ex.python, width))?;
        writeln!(
            out,
            "\nWhat does python3 print? Type the lines, then an empty line\n\
             (an empty answer just shows it)."
        )?;
        let mut answer = Vec::new();
        loop {
            if interactive {
                write!(out, "| ")?;
                out.flush()?;
            }
            match input.next() {
                Some(Ok(line)) if !line.trim().is_empty() => {
                    if !interactive {
                        writeln!(out, "| {line}")?;
                    }
                    answer.push(line);
                }
                Some(Ok(_)) => break,
                _ => {
                    if answer.is_empty() && asked > 0 && !interactive {
                        // Out of piped answers: stop asking.
                        writeln!(out, "(end of input)")?;
                        break 'examples;
                    }
                    break;
                }
            }
        }
        asked += 1;
        let real = normalise(ex.python_output);
        writeln!(out, "\npython3 really prints:")?;
        for line in &real {
            writeln!(out, "    {line}")?;
        }
        match ex.claimed {
            Some(c) => {
                writeln!(out, "The tutorial says:")?;
                for line in c.lines() {
                    writeln!(out, "    {line}")?;
                }
            }
            None => writeln!(out, "The tutorial shows no output for it.")?,
        }
        if answer.is_empty() {
            writeln!(out, "(no answer given)\n")?;
        } else if normalise(&answer.join("\n")) == real {
            right += 1;
            writeln!(out, "Right: that is exactly what python3 prints.\n")?;
        } else {
            writeln!(
                out,
                "Not quite: compare your lines with the real output above.\n"
            )?;
        }
    }
    writeln!(out, "Score: {right} of {asked} right.")?;
    Ok((right, asked))
}
