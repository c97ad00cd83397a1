//! Every Python file of the tour (`tutorial/python/*.py`) still prints what
//! its `.out` file says (the text the tour quotes as "python3 really prints").
//!
//! The `.out` files were recorded with CPython 3.11; timings are masked. With
//! CPython 3.10, 3.12 or 3.13 as `python3`, the parts that differ between
//! versions are masked too (traceback caret lines, `sys.getsizeof` numbers);
//! with no `python3`, or another one, the comparison is skipped with a line
//! saying why.

use pygen_support::python::{assert_skipped_without_python3, cpython_minor};
use std::path::Path;
use std::process::Command;

/// The CPython minor version the `.out` files were recorded with.
const RECORDED: u32 = 11;

/// Replaces every number that contains a '.' or an exponent (a timing) by `<t>`.
fn mask_floats(text: &str) -> String {
    text.split_inclusive([' ', '\n'])
        .map(|word| {
            let trimmed = word.trim_end();
            let is_float = trimmed.parse::<f64>().is_ok() && trimmed.contains(['.', 'e']);
            if is_float {
                word.replacen(trimmed, "<t>", 1)
            } else {
                word.to_owned()
            }
        })
        .collect()
}

/// `text` without what differs between CPython versions: the lines of carets
/// under the failing expression in a traceback (3.11 and later, drawn
/// differently by each), and the sizes `sys.getsizeof` reports.
fn version_independent(text: &str) -> String {
    let carets = |l: &str| {
        let l = l.trim();
        !l.is_empty() && l.chars().all(|c| c == '^' || c == '~')
    };
    text.lines()
        .filter(|l| !carets(l))
        .map(|l| {
            if l.contains("getsizeof") || l.contains(" memory: ") {
                mask_integers(l)
            } else {
                l.to_owned()
            }
        })
        .map(|l| l + "\n")
        .collect()
}

/// Replaces every run of digits by `<n>`.
fn mask_integers(line: &str) -> String {
    let mut out = String::new();
    for (i, c) in line.char_indices() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !line[..i].ends_with(|p: char| p.is_ascii_digit()) {
            out.push_str("<n>");
        }
    }
    out
}

fn normalise(name: &str, text: &str) -> String {
    match name {
        "07_benchmark.py" => mask_floats(text),
        // tracemalloc's total and the two sums vary a little from run to run.
        "07b_memory_measured.py" => text
            .lines()
            .map(|l| {
                if l.starts_with("list:") {
                    l.split(" with its").next().unwrap_or(l).to_owned()
                } else if l.starts_with("sum") {
                    "sum: <timings>".to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => text.to_owned(),
    }
}

const ORIGINALS: &str = "python_originals_print_what_the_tour_quotes";

#[test]
fn python_originals_print_what_the_tour_quotes() {
    let Some(minor) = cpython_minor(ORIGINALS) else {
        return;
    };
    let across_versions = |text: String| {
        if minor == RECORDED {
            text
        } else {
            version_independent(&text)
        }
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tutorial/python");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        28,
        "13 originals, 07b, 5 mistakes, the FAQ, the tour's 7 additions and its chapter"
    );
    let prefix = format!("{}/", dir.display());
    for py in files {
        let name = py.file_name().unwrap().to_string_lossy().into_owned();
        let out = Command::new("python3")
            .arg(&py)
            .current_dir(&dir)
            .env("PYTHON_COLORS", "0") // plain tracebacks from 3.13 on
            .output()
            .unwrap();
        let real = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace(&prefix, "");
        let quoted = std::fs::read_to_string(py.with_extension("out")).unwrap();
        assert_eq!(
            across_versions(normalise(&name, &real)),
            across_versions(normalise(&name, &quoted)),
            "{name}: python3 3.{minor}'s output changed; run tutorial/python/regen.sh and re-read the tour's verdict"
        );
        let crashes = ["03_for_desugared.py", "08_send.py", "11_throw.py"];
        assert_eq!(
            out.status.code(),
            Some(if crashes.contains(&name.as_str()) {
                1
            } else {
                0
            }),
            "{name}: exit status"
        );
    }
}

#[test]
fn without_python3_the_comparison_says_it_is_skipped() {
    assert_skipped_without_python3(ORIGINALS);
}

#[test]
fn the_benchmark_numbers_the_tour_quotes_are_real() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tutorial/python");
    let out = std::fs::read_to_string(dir.join("07_benchmark.out")).unwrap();
    assert!(out.contains("List memory: 8448728\n"), "{out}");
    assert!(out.contains("Generator memory: 200\n"), "{out}");
    let gen_time: f64 = out
        .lines()
        .find_map(|l| l.strip_prefix("Generator time: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        gen_time < 0.01,
        "creating a generator computes nothing: {gen_time}"
    );
}
