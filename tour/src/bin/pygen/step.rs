//! `pygen step <example>`: the learner drives the generator, one command a line.

use crate::Usage;
use pygen::Backend;
use pygen_tour::tutorial::{Command, Example};
use std::io::{BufRead, IsTerminal, Write};

const HELP: &str = "commands: next | send <value> | throw [ExceptionName] | close | quit";

/// Reads commands from stdin until `quit` or end of input. On a terminal a
/// bad command is reported and the session goes on; from a pipe it ends the
/// run with exit status 2 (the script is wrong, so the rest would be too).
pub fn run(ex: &Example, backend: Backend, colour: bool) -> Result<(), Usage> {
    let interactive = std::io::stdin().is_terminal();
    let mut stepper = ex.stepper(backend);
    println!(
        "Stepping through [{}] {} on the {backend} backend.\n{HELP}\n",
        ex.number, ex.title
    );
    print!("{}", stepper.recorder().render(colour));
    let mut shown = stepper.recorder().events().len();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        if interactive {
            print!(">>> ");
        }
        let _ = std::io::stdout().flush();
        let line = match lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => return Err(Usage(format!("cannot read stdin: {e}"))),
            None => {
                // End of input: as if `quit`.
                if !interactive {
                    println!(">>> (end of input: quit)");
                }
                let _ = stepper.apply(&Command::Quit);
                print!("{}", stepper.recorder().render_from(shown, colour, false));
                return Ok(());
            }
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !interactive {
            println!(">>> {}", line.trim());
        }
        let applied = line
            .parse::<Command>()
            .and_then(|cmd| stepper.apply(&cmd).map(|()| cmd));
        match applied {
            Ok(cmd) => {
                print!("{}", stepper.recorder().render_from(shown, colour, false));
                shown = stepper.recorder().events().len();
                if cmd == Command::Quit {
                    return Ok(());
                }
            }
            Err(e) if interactive => eprintln!("pygen: {e}"),
            Err(e) => return Err(Usage(e.to_string())),
        }
    }
}
