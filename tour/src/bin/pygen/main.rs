//! `pygen`: the Python generator tutorial, run on both of pygen's engines.
//!
//! - `pygen` / `pygen tour`: every example, on both backends;
//! - `pygen list`: the examples;
//! - `pygen show <example> [--backend stackless|stackful|both]`: one example;
//! - `pygen step <example> [--backend ..]`: drive its generator yourself
//!   (next / send <v> / throw [Exc] / close / quit), typed or piped on stdin.
//!
//! Bad input gets a message on stderr and exit status 2, never a panic.
//!
//! - `pygen compare [--full] [--markdown] [--svg PATH] [--no-python]`: the
//!   benchmark workloads side by side, with CPython (see `compare.rs`).

mod show;
mod step;

use clap::{Parser, Subcommand, ValueEnum};
use pygen::Backend;
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pygen",
    about = "The Python generator tutorial, run on pygen's stackless and stackful engines"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Walk through every example on both engines (the default).
    Tour,
    /// List the examples.
    List,
    /// One example: the Python original, the tutorial's claim, the real output, the timeline.
    Show {
        /// An example's name or number (see `pygen list`).
        example: String,
        /// Which engine's timeline to show.
        #[arg(long, value_enum, default_value_t = Engines::Both)]
        backend: Engines,
    },
    /// Step through an example's generator: next, send <v>, throw [Exc], close, quit.
    Step {
        /// An example's name or number (see `pygen list`).
        example: String,
        /// Which engine runs the generator.
        #[arg(long, value_enum, default_value_t = Engine::Stackless)]
        backend: Engine,
    },
    /// Time the workloads on every engine and CPython, side by side (< 20 s).
    Compare {
        /// --full, --markdown, --svg PATH, --no-python (see `compare.rs`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        options: Vec<String>,
    },
}

/// One engine.
#[derive(Clone, Copy, ValueEnum)]
enum Engine {
    Stackless,
    Stackful,
}

impl From<Engine> for Backend {
    fn from(e: Engine) -> Backend {
        match e {
            Engine::Stackless => Backend::Stackless,
            Engine::Stackful => Backend::Stackful,
        }
    }
}

/// One engine, or both.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Engines {
    Stackless,
    Stackful,
    Both,
}

impl Engines {
    fn backends(self) -> &'static [Backend] {
        match self {
            Engines::Stackless => &[Backend::Stackless],
            Engines::Stackful => &[Backend::Stackful],
            Engines::Both => &Backend::ALL,
        }
    }
}

/// Bad input: the message, for exit status 2.
struct Usage(String);

fn find(name: &str) -> Result<&'static pygen_tour::tutorial::Example, Usage> {
    pygen_tour::tutorial::find(name).ok_or_else(|| {
        let names: Vec<&str> = pygen_tour::tutorial::examples()
            .iter()
            .map(|e| e.id)
            .collect();
        Usage(format!(
            "unknown example `{name}`; the examples are: {} (or their numbers, see `pygen list`)",
            names.join(", ")
        ))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let result = match cli.command.unwrap_or(Command::Tour) {
        Command::Tour => {
            show::tour(colour);
            Ok(())
        }
        Command::List => {
            show::list();
            Ok(())
        }
        Command::Show { example, backend } => find(&example).map(|ex| {
            show::show(ex, backend.backends(), colour);
        }),
        Command::Step { example, backend } => {
            find(&example).and_then(|ex| step::run(ex, backend.into(), colour))
        }
        Command::Compare { options } => match pygen_tour::compare::run(&options) {
            0 => Ok(()),
            code => return ExitCode::from(code as u8),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Usage(message)) => {
            eprintln!("pygen: {message}");
            ExitCode::from(2)
        }
    }
}
