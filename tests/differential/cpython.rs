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
            let found = probe(Command::new("python3"));
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

/// Whether `python3` (run by `command`) is a CPython the harness can use,
/// or what it is.
fn probe(mut command: Command) -> Result<(), String> {
    let out = command
        .args([
            "-c",
            // Python 2 can run this too.
            "import platform, sys; sys.stdout.write('%s %s %d %d' % (platform.python_implementation(), \
             platform.python_version(), sys.version_info[0], sys.version_info[1]))",
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
            let known = name == "CPython"
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

/// The version gate, on stand-ins for `python3` (shell scripts that print
/// what the probe prints, or fail).
#[test]
fn the_harness_takes_cpython_3_10_to_3_13_and_names_anything_else() {
    struct TempDir(std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let dir =
        TempDir(std::env::temp_dir().join(format!("pygen-diff-probe-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let fake = |script: &str| {
        use std::os::unix::fs::PermissionsExt as _;
        let path = dir.0.join("python3");
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        // A process that another test's thread forked while the script was
        // open for writing holds it open until that process execs: for that
        // moment, starting the script fails with ETXTBSY. Wait it out.
        for _ in 0..100 {
            let mut command = Command::new("python3");
            command.env("PATH", &dir.0);
            match probe(command) {
                Err(e) if e.ends_with("Text file busy (os error 26)") => {
                    std::thread::sleep(std::time::Duration::from_millis(10))
                }
                result => return result,
            }
        }
        panic!("{} stayed busy", path.display())
    };
    for ok in ["3.10.13 3 10", "3.11.7 3 11", "3.12.1 3 12", "3.13.0 3 13"] {
        assert_eq!(fake(&format!("echo 'CPython {ok}'")), Ok(()), "{ok}");
    }
    let refused = [
        ("echo 'CPython 3.9.18 3 9'", "python3 is CPython 3.9.18"),
        ("echo 'CPython 3.14.0 3 14'", "python3 is CPython 3.14.0"),
        ("echo 'PyPy 3.10.14 3 10'", "python3 is PyPy 3.10.14"),
        (
            "echo 'SyntaxError: invalid syntax' >&2; exit 1",
            "python3 does not report its version (SyntaxError: invalid syntax)",
        ),
    ];
    for (script, why) in refused {
        assert_eq!(fake(script), Err(why.to_owned()), "{script}");
    }
    let mut command = Command::new("python3");
    command.env("PATH", dir.0.join("empty"));
    assert_eq!(probe(command), Err("no python3 on PATH".to_owned()));
}
