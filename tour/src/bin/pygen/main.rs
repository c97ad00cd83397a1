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

mod pager;
mod quiz;
mod show;
mod step;

use clap::{Args, Parser, Subcommand, ValueEnum};
use pygen::Backend;
use pygen_tour::tutorial::Example;
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
    Tour(TourArgs),
    /// List the examples.
    List,
    /// One example: the Python original, the tutorial's claim, the real output, the timeline.
    Show {
        /// An example's name or number (see `pygen list`).
        example: String,
        /// Which engine's timeline to show.
        #[arg(long, value_enum, default_value_t = Engines::Both)]
        backend: Engines,
        #[command(flatten)]
        teach: ShowArgs,
    },
    /// Step through an example's generator: next, send <v>, throw [Exc], close, quit.
    Step {
        /// An example's name or number (see `pygen list`).
        example: String,
        /// Which engine runs the generator.
        #[arg(long, value_enum, default_value_t = Engine::Stackless)]
        backend: Engine,
    },
    /// Predict what each example prints, then see the real output (answers on stdin).
    Quiz {
        /// One example (name or number); all of them when left out.
        example: Option<String>,
    },
    /// Time the workloads on every engine and CPython, side by side (< 20 s).
    Compare {
        /// --full, --markdown, --svg PATH, --no-python (see `compare.rs`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        options: Vec<String>,
    },
}

// The tour's pacing and export options.

/// `pygen tour` options.
#[derive(Args, Default)]
struct TourArgs {
    /// Stop after each example until Enter is pressed (q stops).
    #[arg(long)]
    pause: bool,
    /// Only the claims, the verdict and the timeline of each example.
    #[arg(long)]
    brief: bool,
    /// Write one page instead: markdown, or html (a self-contained page whose
    /// timelines step forward and back).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// `pygen show` options.
#[derive(Args)]
struct ShowArgs {
    /// Only the claims, the verdict and the timeline.
    #[arg(long)]
    brief: bool,
    /// text, markdown, or html (a self-contained page with a step-through).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// How `tour` and `show` print.
#[derive(Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    #[default]
    Text,
    Markdown,
    Html,
}

/// Prints `examples` as a page, if `format` asks for one; `false` for text.
fn export(examples: &[&Example], backend: Backend, format: Format, title: &str) -> bool {
    let format = match format {
        Format::Text => return false,
        Format::Markdown => pygen_tour::export::Format::Markdown,
        Format::Html => pygen_tour::export::Format::Html,
    };
    print!(
        "{}",
        pygen_tour::export::page(examples, backend, format, title)
    );
    true
}

impl TourArgs {
    fn options(&self, colour: bool) -> show::Options {
        show::Options {
            colour,
            width: pager::width(),
            brief: self.brief,
        }
    }
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
    let result = match cli.command.unwrap_or(Command::Tour(TourArgs::default())) {
        Command::Tour(args) => {
            let all: Vec<&Example> = pygen_tour::tutorial::examples().iter().collect();
            let title = "The Python generator tutorial on pygen";
            if !export(&all, Backend::Stackless, args.format, title) {
                show::tour(&args.options(colour), args.pause);
            }
            Ok(())
        }
        Command::Quiz { example } => {
            let chosen: Result<Vec<&Example>, Usage> = match example {
                Some(name) => find(&name).map(|ex| vec![ex]),
                None => Ok(pygen_tour::tutorial::examples().iter().collect()),
            };
            chosen.map(|examples| {
                quiz::run(&examples, pager::width());
            })
        }
        Command::List => {
            show::list();
            Ok(())
        }
        Command::Show {
            example,
            backend,
            teach,
        } => find(&example).map(|ex| {
            let args = TourArgs {
                brief: teach.brief,
                ..TourArgs::default()
            };
            let title = format!("[{}] {}", ex.number, ex.title);
            if !export(&[ex], backend.backends()[0], teach.format, &title) {
                show::show(ex, backend.backends(), &args.options(colour));
            }
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
