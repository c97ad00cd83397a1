//! Streaming a log file line by line: constant memory whatever its size, and
//! the file closes as soon as the consumer stops (close, drop, or an error).

use pygen::{Backend, BoxGenerator, Generator, generator};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;

/// Why a log could not be streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogError {
    /// The file could not be opened.
    Open {
        /// The file.
        path: PathBuf,
        /// The OS error's kind.
        kind: io::ErrorKind,
    },
    /// Reading failed after `line` whole lines (invalid UTF-8, I/O error).
    Read {
        /// The file.
        path: PathBuf,
        /// Lines read successfully before the failure.
        line: u64,
        /// The OS error's kind.
        kind: io::ErrorKind,
    },
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogError::Open { path, kind } => write!(f, "cannot open {}: {kind}", path.display()),
            LogError::Read { path, line, kind } => {
                write!(
                    f,
                    "cannot read {} after line {line}: {kind}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for LogError {}

/// ```python
/// def read_lines(path):
///     with open(path) as f:
///         for line in f:
///             yield line.rstrip("\n")
/// ```
///
/// The file is opened at the first `next` (not when the generator is
/// created), read through one 64 KiB buffer, and closed when the body ends:
/// after the last line, or at a `close()`/drop while suspended.
#[generator]
pub fn read_lines(path: PathBuf) -> impl Generator<Item = String, Error = LogError> {
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) => {
            return pygen::raise(LogError::Open {
                path,
                kind: e.kind(),
            });
        }
    };
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut read = 0u64;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let kind = e.kind();
                return pygen::raise(LogError::Read {
                    path,
                    line: read,
                    kind,
                });
            }
        }
        read += 1;
        if line.ends_with('\n') {
            line.pop();
            if line.ends_with('\r') {
                line.pop();
            }
        }
        (yield line)?;
    }
    Ok(())
}

/// ```python
/// def matching(path, needle):
///     for line in read_lines(path):
///         if needle in line:
///             yield line
/// ```
///
/// A stage over [`read_lines`](fn@read_lines) (on `backend`), returning how many lines it
/// scanned. Closing it closes the reader, which closes the file.
#[generator]
pub fn matching(
    backend: Backend,
    path: PathBuf,
    needle: String,
) -> impl Generator<Item = String, Return = u64, Error = LogError> {
    let mut lines: BoxGenerator<String, (), (), LogError> = read_lines::on(backend, path);
    let mut scanned = 0u64;
    while let Some(line) = crate::pull(&mut lines)? {
        scanned += 1;
        if line.contains(needle.as_str()) {
            (yield line)?;
        }
    }
    Ok(scanned)
}

/// The level of a line written by [`write_sample_log`] (`"... ERROR ..."`).
pub fn level(line: &str) -> Option<&str> {
    line.split(' ').nth(1)
}

/// Writes a synthetic access/application log of at least `bytes` bytes to
/// `out` and returns the number of lines. Deterministic: line `i` is always
/// the same text. Every 97th line is an `ERROR`, every 13th a `WARN`.
pub fn write_sample_log(out: &mut impl io::Write, bytes: u64) -> io::Result<u64> {
    let mut written = 0u64;
    let mut lines = 0u64;
    let mut buf = String::with_capacity(256);
    while written < bytes {
        buf.clear();
        sample_line(lines, &mut buf);
        buf.push('\n');
        out.write_all(buf.as_bytes())?;
        written += buf.len() as u64;
        lines += 1;
    }
    Ok(lines)
}

/// Line `i` of the sample log (without its newline).
pub fn sample_line(i: u64, buf: &mut String) {
    use std::fmt::Write;
    let level = if i.is_multiple_of(97) {
        "ERROR"
    } else if i.is_multiple_of(13) {
        "WARN"
    } else {
        "INFO"
    };
    let (h, m, s) = ((i / 3600) % 24, (i / 60) % 60, i % 60);
    let _ = write!(
        buf,
        "2026-11-26T{h:02}:{m:02}:{s:02}Z {level} req={i:010} user=u{:05} path=/api/v1/items/{} status={} latency_ms={}",
        i % 50_000,
        i % 1_000,
        if level == "ERROR" { 500 } else { 200 },
        (i * 7) % 250
    );
}
