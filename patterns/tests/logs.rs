//! Streaming a log file: opened at the first `next`, one line at a time,
//! closed on close/drop/exhaustion/error. Descriptors are counted per file
//! (`/proc/self/fd`), so parallel tests do not disturb the counts.

#[macro_use]
mod common;

use common::Scratch;
use pygen::{Backend, Error, Generator, GeneratorState, Outcome};
use pygen_patterns::logs::{LogError, matching, read_lines, sample_line, write_sample_log};
use pygen_patterns::probe::open_fds_to;
use std::path::PathBuf;

both!(
    opens_lazily_and_close_closes_the_file,
    drop_while_suspended_closes_the_file,
    exhaustion_yields_every_line_then_closes,
    missing_file_is_a_typed_error,
    invalid_utf8_is_a_typed_error_with_its_line,
    matching_stage_pulls_only_what_it_needs,
);

fn line(i: u64) -> String {
    let mut s = String::new();
    sample_line(i, &mut s);
    s
}

/// A sample log of exactly `lines` lines.
fn sample(scratch: &Scratch, lines: u64) -> PathBuf {
    let path = scratch.path("app.log");
    let text: String = (0..lines).map(|i| line(i) + "\n").collect();
    std::fs::write(&path, text).unwrap();
    path
}

fn opens_lazily_and_close_closes_the_file(backend: Backend) {
    let scratch = Scratch::new("lazy", backend);
    let path = sample(&scratch, 10);
    let mut lines = read_lines::on(backend, path.clone());
    assert_eq!(lines.state(), GeneratorState::Created);
    assert_eq!(
        open_fds_to(&path),
        0,
        "creating the generator opens nothing"
    );
    assert_eq!(lines.next(), Some(line(0)));
    assert_eq!(open_fds_to(&path), 1, "the first next opens the file, once");
    assert_eq!(lines.next(), Some(line(1)));
    assert_eq!(open_fds_to(&path), 1);
    assert_eq!(lines.close(), Ok(None));
    assert_eq!(lines.state(), GeneratorState::Closed);
    assert_eq!(open_fds_to(&path), 0, "close closes the file");
    assert_eq!(lines.resume(), Ok(Outcome::Exhausted));
}

fn drop_while_suspended_closes_the_file(backend: Backend) {
    let scratch = Scratch::new("drop", backend);
    let path = sample(&scratch, 10);
    let mut lines = read_lines::on(backend, path.clone());
    assert_eq!(lines.nth(4), Some(line(4)));
    assert_eq!(open_fds_to(&path), 1);
    drop(lines);
    assert_eq!(open_fds_to(&path), 0);
}

fn exhaustion_yields_every_line_then_closes(backend: Backend) {
    let scratch = Scratch::new("all", backend);
    let path = sample(&scratch, 10);
    let mut lines = read_lines::on(backend, path.clone());
    let all: Vec<String> = lines.by_ref().collect();
    assert_eq!(all, (0..10).map(line).collect::<Vec<_>>());
    assert_eq!(lines.take_completion(), Some(Ok(())));
    assert_eq!(lines.state(), GeneratorState::Closed);
    assert_eq!(open_fds_to(&path), 0);
}

fn missing_file_is_a_typed_error(backend: Backend) {
    let scratch = Scratch::new("missing", backend);
    let path = scratch.path("nope.log");
    let mut lines = read_lines::on(backend, path.clone());
    let err = lines.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(LogError::Open {
            path: path.clone(),
            kind: std::io::ErrorKind::NotFound
        })
    );
    assert_eq!(
        err.to_string(),
        format!("cannot open {}: entity not found", path.display())
    );
    assert_eq!(lines.state(), GeneratorState::Closed);
}

fn invalid_utf8_is_a_typed_error_with_its_line(backend: Backend) {
    let scratch = Scratch::new("utf8", backend);
    let path = scratch.path("bad.log");
    std::fs::write(&path, b"first\nsecond \xff\xfe\nthird\n").unwrap();
    let mut lines = read_lines::on(backend, path.clone());
    assert_eq!(lines.resume(), Ok(Outcome::Yielded("first".to_owned())));
    assert_eq!(
        lines.resume(),
        Err(Error::Raised(LogError::Read {
            path: path.clone(),
            line: 1,
            kind: std::io::ErrorKind::InvalidData
        }))
    );
    assert_eq!(lines.state(), GeneratorState::Closed);
    assert_eq!(open_fds_to(&path), 0, "an error closes the file too");
}

fn matching_stage_pulls_only_what_it_needs(backend: Backend) {
    // ERROR lines are 0, 97 and 194 (every 97th) of 200.
    let scratch = Scratch::new("matching", backend);
    let path = sample(&scratch, 200);
    let mut errors = matching::on(backend, backend, path.clone(), " ERROR ".to_owned());
    assert_eq!(open_fds_to(&path), 0);
    assert_eq!(errors.next(), Some(line(0)));
    assert_eq!(errors.next(), Some(line(97)));
    assert_eq!(open_fds_to(&path), 1);
    // Closing the outer stage closes the inner reader, which closes the file.
    assert_eq!(errors.close(), Ok(None));
    assert_eq!(open_fds_to(&path), 0);

    // Run to the end: the return value counts the lines scanned.
    let mut errors = matching::on(backend, backend, path.clone(), " ERROR ".to_owned());
    let mut seen = Vec::new();
    let scanned = loop {
        match errors.resume() {
            Ok(Outcome::Yielded(l)) => seen.push(l),
            Ok(Outcome::Returned(n)) => break n,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(seen, [line(0), line(97), line(194)]);
    assert_eq!(scanned, 200);
    assert_eq!(open_fds_to(&path), 0);
}

#[test]
fn sample_log_is_what_the_reader_reads_back() {
    let mut out = Vec::new();
    let lines = write_sample_log(&mut out, 1000).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.len() >= 1000);
    assert_eq!(text.lines().count() as u64, lines);
    assert_eq!(text.lines().next(), Some(line(0).as_str()));
    assert_eq!(
        line(97),
        "2026-11-26T00:01:37Z ERROR req=0000000097 user=u00097 path=/api/v1/items/97 status=500 latency_ms=179"
    );
    assert_eq!(pygen_patterns::logs::level(&line(97)), Some("ERROR"));
    assert_eq!(pygen_patterns::logs::level(&line(13)), Some("WARN"));
}
