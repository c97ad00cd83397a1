//! `pygen step <example>`: the learner drives the generator, one command a line.

use crate::Failure;
use pygen::Backend;
use pygen_tour::tutorial::{Command, Example, legend};
use std::io::{BufRead, IsTerminal, Write};

/// Reads commands from stdin until `quit` or end of input, and answers each
/// as Python does. A slip (an unknown command, a value the generator cannot
/// take) is explained on stderr and the session goes on, typed or piped.
pub fn run(
    out: &mut dyn Write,
    ex: &Example,
    backend: Backend,
    colour: bool,
) -> Result<(), Failure> {
    let interactive = std::io::stdin().is_terminal();
    let mut stepper = ex.stepper(backend);
    let name = stepper.name().to_owned();
    writeln!(
        out,
        "[{}] {}\nStepping through its generator on the {backend} backend.\n\n{}",
        ex.number,
        ex.title,
        legend(&name)
    )?;
    write!(out, "{}", stepper.recorder().render(colour))?;
    let mut shown = stepper.recorder().events().len();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            write!(out, ">>> ")?;
        }
        out.flush()?;
        let (line, command) = match lines.next() {
            Some(Ok(line)) => {
                let command = Command::parse(&line, &name);
                (line, command)
            }
            Some(Err(e)) => return Err(Failure::Usage(format!("cannot read stdin: {e}"))),
            None => {
                // End of input is `quit`; on a terminal the prompt is already there.
                let line = "(end of input: quit)";
                writeln!(out, "{}{line}", if interactive { "" } else { ">>> " })?;
                (String::new(), Ok(Command::Quit))
            }
        };
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() && command != Ok(Command::Quit) {
            continue;
        }
        if !interactive && !line.is_empty() {
            writeln!(out, ">>> {line}")?;
        }
        match command.and_then(|command| Ok((stepper.apply(&command)?, command))) {
            Ok((answer, command)) => {
                write!(
                    out,
                    "{}",
                    stepper.recorder().render_from(shown, colour, false)
                )?;
                shown = stepper.recorder().events().len();
                if let Some(answer) = answer {
                    writeln!(out, "Python: {}\n  Rust: {}", answer.python, answer.rust)?;
                }
                if command != Command::YieldFrom
                    && let Some(sub) = stepper.gi_yieldfrom()
                {
                    writeln!(out, "(delegating: {name}.gi_yieldfrom → {sub})")?;
                }
                match command {
                    Command::Quit => return Ok(()),
                    Command::Help => write!(out, "{}", legend(&name))?,
                    _ => {}
                }
            }
            Err(slip) => {
                out.flush()?;
                let _ = writeln!(std::io::stderr(), "pygen: {slip}");
            }
        }
    }
}
