//! `pygen step <example>`: the learner drives the generator, one command a line.

use crate::Failure;
use pygen::Backend;
use pygen_tour::tutorial::{Command, Example, STEP_COMMANDS};
use std::io::{BufRead, IsTerminal, Write};

/// Reads commands from stdin until `quit` or end of input. On a terminal a
/// bad command is reported and the session goes on; from a pipe it ends the
/// run with exit status 2 (the script is wrong, so the rest would be too).
pub fn run(
    out: &mut dyn Write,
    ex: &Example,
    backend: Backend,
    colour: bool,
) -> Result<(), Failure> {
    let interactive = std::io::stdin().is_terminal();
    let mut stepper = ex.stepper(backend);
    writeln!(
        out,
        "Stepping through [{}] {} on the {backend} backend.\n{STEP_COMMANDS}\n",
        ex.number, ex.title
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
        let line = match lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => return Err(Failure::Usage(format!("cannot read stdin: {e}"))),
            None => {
                // End of input: as if `quit`.
                if !interactive {
                    writeln!(out, ">>> (end of input: quit)")?;
                }
                let _ = stepper.apply(&Command::Quit);
                write!(
                    out,
                    "{}",
                    stepper.recorder().render_from(shown, colour, false)
                )?;
                return Ok(());
            }
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !interactive {
            writeln!(out, ">>> {}", line.trim())?;
        }
        let applied = line
            .parse::<Command>()
            .and_then(|cmd| stepper.apply(&cmd).map(|()| cmd));
        match applied {
            Ok(cmd) => {
                write!(
                    out,
                    "{}",
                    stepper.recorder().render_from(shown, colour, false)
                )?;
                shown = stepper.recorder().events().len();
                if cmd == Command::Quit {
                    return Ok(());
                }
            }
            Err(e) if interactive => {
                let _ = writeln!(std::io::stderr(), "pygen: {e}");
            }
            Err(e) => return Err(Failure::Usage(e.to_string())),
        }
    }
}
