//! `pygen`: the Python generator tutorial, run on both of pygen's engines.
//!
//! - `pygen` / `pygen tour [--pause] [--brief] [--format text|markdown|html]`:
//!   every example, on both backends;
//! - `pygen list`: the examples;
//! - `pygen show <example> [--backend stackless|stackful|both] [--brief]
//!   [--format ..]`: one example;
//! - `pygen quiz [<example>]`: predict what the Python prints, answers on stdin;
//! - `pygen step <example> [--backend ..]`: drive its generator yourself,
//!   typed or piped on stdin (`help` lists the commands);
//! - `pygen compare [--full] [--markdown] [--svg PATH] [--no-python]`: the
//!   benchmark workloads side by side, with CPython.
//!
//! Bad input gets a message on stderr and exit status 2, never a panic.

mod pager;
mod quiz;
mod show;
mod step;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use pygen::Backend;
use pygen_tour::compare;
use pygen_tour::tutorial::Example;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "pygen",
    version,
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
        #[arg(long, value_enum, default_value = "both")]
        backend: Backends,
        #[command(flatten)]
        teach: ShowArgs,
    },
    /// Predict what each example prints, then see the real output (answers on stdin).
    Quiz {
        /// One example (name or number); all of them when left out.
        example: Option<String>,
    },
    /// Step through an example's generator yourself, one command a line.
    #[command(after_help = pygen_tour::tutorial::legend("g"))]
    Step {
        /// An example's name or number (see `pygen list`).
        example: String,
        /// Which engine runs the generator.
        #[arg(long, default_value = "stackless", value_parser = backend())]
        backend: Backend,
    },
    /// Time the workloads on every engine and CPython, side by side (< 20 s).
    Compare(compare::Options),
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

/// Writes `examples` as a page, if `format` asks for one; `false` for text.
fn export(
    out: &mut dyn Write,
    examples: &[&Example],
    backend: Backend,
    format: Format,
    title: &str,
) -> io::Result<bool> {
    let format = match format {
        Format::Text => return Ok(false),
        Format::Markdown => pygen_tour::export::Format::Markdown,
        Format::Html => pygen_tour::export::Format::Html,
    };
    let page = pygen_tour::export::page(examples, backend, format, title);
    write!(out, "{page}")?;
    Ok(true)
}

fn options(brief: bool, colour: bool) -> show::Options {
    show::Options {
        colour,
        width: pager::width(),
        brief,
    }
}

/// `--backend NAME`: a [`Backend`] by its name.
fn backend() -> impl TypedValueParser<Value = Backend> {
    PossibleValuesParser::new(Backend::ALL.map(Backend::name)).try_map(|name| name.parse())
}

/// `--backend stackless|stackful|both`: one [`Backend`], or all of them.
#[derive(Clone, Copy)]
struct Backends(&'static [Backend]);

impl ValueEnum for Backends {
    fn value_variants<'a>() -> &'a [Self] {
        const ONE: [Backends; 2] = [
            Backends(std::slice::from_ref(&Backend::ALL[0])),
            Backends(std::slice::from_ref(&Backend::ALL[1])),
        ];
        const ALL: [Backends; 3] = [ONE[0], ONE[1], Backends(&Backend::ALL)];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self.0 {
            [one] => one.name(),
            _ => "both",
        }))
    }
}

/// Why a command stopped before its end.
enum Failure {
    /// Bad input: the message, for exit status 2.
    Usage(String),
    /// Writing stdout failed.
    Output(io::Error),
    /// Something else failed: the message, for exit status 1.
    Failed(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Output(e)
    }
}

fn find(name: &str) -> Result<&'static Example, Failure> {
    pygen_tour::tutorial::find(name).ok_or_else(|| {
        let names: Vec<&str> = pygen_tour::tutorial::examples()
            .iter()
            .map(|e| e.id)
            .collect();
        Failure::Usage(format!(
            "unknown example `{name}`; the examples are: {} (or their numbers, see `pygen list`)",
            names.join(", ")
        ))
    })
}

fn run(command: Command, out: &mut dyn Write) -> Result<(), Failure> {
    let colour = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match command {
        Command::Tour(args) => {
            let all: Vec<&Example> = pygen_tour::tutorial::examples().iter().collect();
            let title = "The Python generator tutorial on pygen";
            if !export(out, &all, Backend::Stackless, args.format, title)? {
                show::tour(out, &options(args.brief, colour), args.pause)?;
            }
        }
        Command::List => show::list(out)?,
        Command::Quiz { example } => {
            let examples = match example {
                Some(name) => vec![find(&name)?],
                None => pygen_tour::tutorial::examples().iter().collect(),
            };
            quiz::run(out, &examples, pager::width())?;
        }
        Command::Show {
            example,
            backend,
            teach,
        } => {
            let ex = find(&example)?;
            let title = format!("[{}] {}", ex.number, ex.title);
            if !export(out, &[ex], backend.0[0], teach.format, &title)? {
                show::show(out, ex, backend.0, &options(teach.brief, colour))?;
            }
        }
        Command::Step { example, backend } => step::run(out, find(&example)?, backend, colour)?,
        Command::Compare(options) => compare::run(&options, out).map_err(|e| match e {
            compare::Error::Output(e) => Failure::Output(e),
            other => Failure::Failed(format!("pygen compare: {other}")),
        })?,
    }
    Ok(())
}

/// Every byte of output goes through one checked writer: a reader that went
/// away (`pygen tour | head -1`) ends the run quietly with status 0; any
/// other write error is one `error:` line on stderr and status 1. Messages
/// to stderr never panic either (it may be closed too).
fn main() -> ExitCode {
    let mut stdout = io::stdout().lock();
    let result = match Cli::try_parse() {
        Ok(cli) => run(
            cli.command.unwrap_or(Command::Tour(TourArgs::default())),
            &mut stdout,
        ),
        // `--help` and `--version` are output like any other.
        Err(e) if !e.use_stderr() => write!(stdout, "{}", e.render()).map_err(Failure::Output),
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let (message, status) = match result.and_then(|()| Ok(stdout.flush()?)) {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS;
        }
        Err(Failure::Output(e)) => (format!("error: cannot write the output: {e}"), 1),
        Err(Failure::Failed(message)) => (format!("error: {message}"), 1),
        Err(Failure::Usage(message)) => (format!("pygen: {message}"), 2),
    };
    let _ = writeln!(io::stderr(), "{message}");
    ExitCode::from(status)
}
