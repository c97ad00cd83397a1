//! Running the CPython side: one `python3` process per batch of cases, fed
//! its script on stdin (nothing is left in the temp dir).

use crate::program::Case;
use crate::python::py_script;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The Pythons whose generator semantics the harness knows (it emulates
/// 3.13's where they differ; see [`crate::python::PY_PRELUDE`]).
const SUPPORTED: &str = "CPython 3.10 to 3.13";

/// Whether `python3` is a CPython the harness can compare with. If not, the
/// first call prints one line saying what was found and the tests that need
/// it skip (they fail instead when `PYGEN_REQUIRE_PYTHON` is set).
pub(crate) fn available() -> bool {
    static FOUND: OnceLock<Result<(), String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let found = probe();
            if let Err(why) = &found {
                assert!(
                    std::env::var_os("PYGEN_REQUIRE_PYTHON").is_none(),
                    "differential: needs {SUPPORTED} as python3 (PYGEN_REQUIRE_PYTHON is set): {why}"
                );
                // Not `eprintln!`: the test harness would capture it.
                let _ = writeln!(
                    std::io::stderr(),
                    "differential: skipped the comparisons with CPython (they need {SUPPORTED} as python3): {why}"
                );
            }
            found
        })
        .is_ok()
}

/// What `python3` is, or why the harness cannot use it.
fn probe() -> Result<(), String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.implementation.name, sys.version.split()[0], *sys.version_info[:2])",
        ])
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no python3 on PATH".to_owned(),
            _ => format!("python3 could not be started: {e}"),
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    match fields[..] {
        [name, version, major, minor] if out.status.success() => {
            let known = name == "cpython"
                && major == "3"
                && minor.parse::<u32>().is_ok_and(|m| (10..=13).contains(&m));
            if known {
                Ok(())
            } else {
                Err(format!("python3 is {name} {version}"))
            }
        }
        _ => Err(format!(
            "python3 does not report its version ({})",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("no output")
        )),
    }
}

/// Runs the cases on CPython, one process for the batch: one JSON trace per
/// case. Call only when [`available`].
pub(crate) fn run_python(cases: &[Case]) -> Vec<Vec<String>> {
    let src = py_script(cases);
    // Not `python3 -`: that reads its script one byte per system call.
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import sys; exec(compile(sys.stdin.read(), '<differential>', 'exec'))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python3");
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Written from another thread, so that a script that prints while it is
    // still being read cannot block both processes.
    let out = std::thread::scope(|s| {
        s.spawn(move || stdin.write_all(src.as_bytes()));
        child.wait_with_output()
    })
    .expect("wait for python3");
    if !out.status.success() {
        // Kept on purpose: the script to re-run by hand.
        static FAILED: AtomicUsize = AtomicUsize::new(0);
        let n = FAILED.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("pygen-diff-{}-failed-{n}.py", std::process::id()));
        let saved = match std::fs::write(&path, py_script(cases)) {
            Ok(()) => format!("the script is in {}", path.display()),
            Err(e) => format!("could not save the script in {}: {e}", path.display()),
        };
        panic!(
            "python3 failed ({saved}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let traces: Vec<Vec<String>> = stdout.lines().map(parse_json_strings).collect();
    assert_eq!(traces.len(), cases.len(), "one trace per case");
    traces
}
/// Parses `["a", "b"]` as printed by `json.dumps` of a list of ASCII strings.
fn parse_json_strings(line: &str) -> Vec<String> {
    let inner = line
        .trim()
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .expect("a JSON list");
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        loop {
            match chars.next().expect("closed string") {
                '"' => break,
                '\\' => s.push(match chars.next().expect("escape") {
                    'n' => '\n',
                    other => other,
                }),
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}
