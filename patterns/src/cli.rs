//! The examples' command lines, checked whole: a missing, malformed, out of
//! range or extra argument is a [`UsageError`], which
//! [`main_or_exit`](crate::main_or_exit) prints as one `error: ...` line
//! with exit status 2. No argument is wrapped, truncated or ignored.

use pygen::Backend;
use std::fmt;
use std::ops::RangeInclusive;

/// A bad command line: what is wrong, and the usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What is wrong with the arguments.
    pub message: String,
    /// The command's usage (`"logs [SIZE_MIB]"`).
    pub usage: &'static str,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (usage: {})", self.message, self.usage)
    }
}

impl std::error::Error for UsageError {}

/// The arguments left to parse, front to back.
#[derive(Debug)]
pub struct Args {
    usage: &'static str,
    rest: std::vec::IntoIter<String>,
}

impl Args {
    /// `args` (without the program name) for a command whose usage is
    /// `usage`.
    pub fn new(usage: &'static str, args: impl IntoIterator<Item = String>) -> Self {
        let rest: Vec<String> = args.into_iter().collect();
        Args {
            usage,
            rest: rest.into_iter(),
        }
    }

    /// A [`UsageError`] for this command.
    pub fn error(&self, message: impl Into<String>) -> UsageError {
        UsageError {
            message: message.into(),
            usage: self.usage,
        }
    }

    /// The next argument if it is `flag` (consumed), else `false`.
    pub fn flag(&mut self, flag: &str) -> bool {
        let is = self.rest.as_slice().first().is_some_and(|a| a == flag);
        if is {
            self.rest.next();
        }
        is
    }

    /// The next argument, which must be there: `what` names it in the error.
    pub fn required(&mut self, what: &str) -> Result<String, UsageError> {
        self.rest
            .next()
            .ok_or_else(|| self.error(format!("missing {what}")))
    }

    /// The next argument as a whole number in `range`, or `default` if there
    /// are no more arguments.
    pub fn number(
        &mut self,
        what: &str,
        range: RangeInclusive<u64>,
        default: u64,
    ) -> Result<u64, UsageError> {
        match self.rest.next() {
            None => Ok(default),
            Some(arg) => self.in_range(what, &arg, range),
        }
    }

    /// The next argument as a whole number in `range`; it must be there.
    pub fn required_number(
        &mut self,
        what: &str,
        range: RangeInclusive<u64>,
    ) -> Result<u64, UsageError> {
        let arg = self.required(what)?;
        self.in_range(what, &arg, range)
    }

    fn in_range(
        &self,
        what: &str,
        arg: &str,
        range: RangeInclusive<u64>,
    ) -> Result<u64, UsageError> {
        arg.parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                self.error(format!(
                    "{what}: expected a whole number from {} to {}, got {arg:?}",
                    range.start(),
                    range.end()
                ))
            })
    }

    /// The next argument as a backend; it must be there.
    pub fn backend(&mut self) -> Result<Backend, UsageError> {
        let arg = self.required("backend")?;
        arg.parse().map_err(|e| self.error(format!("{e}")))
    }

    /// The next argument as one backend, or both if there are no more
    /// arguments.
    pub fn backends(&mut self) -> Result<Vec<Backend>, UsageError> {
        if self.rest.as_slice().is_empty() {
            Ok(Backend::ALL.to_vec())
        } else {
            Ok(vec![self.backend()?])
        }
    }

    /// Checks that every argument was used.
    pub fn end(mut self) -> Result<(), UsageError> {
        match self.rest.next() {
            None => Ok(()),
            Some(extra) => Err(self.error(format!("unexpected argument {extra:?}"))),
        }
    }
}

/// `logs [SIZE_MIB]`: the log's size, 1 MiB to 1 TiB.
pub const LOG_MIB: RangeInclusive<u64> = 1..=1 << 20;

/// `database [ROWS]` and `etl [ROWS [BACKEND]]`: 1 to a billion rows.
pub const ROWS: RangeInclusive<u64> = 1..=1_000_000_000;

/// The `logs` example's usage.
pub const LOGS_USAGE: &str = "logs [SIZE_MIB]";
/// The `database` example's usage.
pub const DATABASE_USAGE: &str = "database [ROWS]";
/// The `etl` example's usage.
pub const ETL_USAGE: &str = "etl [ROWS [stackless|stackful]]";
/// The `paginated_api` example's usage.
pub const PAGINATED_API_USAGE: &str = "paginated_api";

/// `logs [SIZE_MIB]` (default 1024): the size in MiB.
pub fn logs(args: impl IntoIterator<Item = String>) -> Result<u64, UsageError> {
    let mut args = Args::new(LOGS_USAGE, args);
    let mib = args.number("size in MiB", LOG_MIB, 1024)?;
    args.end()?;
    Ok(mib)
}

/// `database [ROWS]` (default 1,000,000): the row count.
pub fn database(args: impl IntoIterator<Item = String>) -> Result<u64, UsageError> {
    let mut args = Args::new(DATABASE_USAGE, args);
    let rows = args.number("row count", ROWS, 1_000_000)?;
    args.end()?;
    Ok(rows)
}

/// `etl [ROWS [BACKEND]]` (default 2,000,000 records, both backends).
pub fn etl(args: impl IntoIterator<Item = String>) -> Result<(u64, Vec<Backend>), UsageError> {
    let mut args = Args::new(ETL_USAGE, args);
    let rows = args.number("record count", ROWS, 2_000_000)?;
    let backends = args.backends()?;
    args.end()?;
    Ok((rows, backends))
}

/// `paginated_api`: no arguments.
pub fn paginated_api(args: impl IntoIterator<Item = String>) -> Result<(), UsageError> {
    Args::new(PAGINATED_API_USAGE, args).end()
}
