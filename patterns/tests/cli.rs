//! The examples' command lines: every bad argument is a `UsageError`, and an
//! example given one prints exactly one `error: ...` line and exits with
//! status 2 (checked on the built example binaries).

use pygen::Backend;
use pygen_patterns::cli::{self, UsageError};
use std::process::Command;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn usage(message: &str, usage: &'static str) -> UsageError {
    UsageError {
        message: message.into(),
        usage,
    }
}

#[test]
fn logs_size_is_checked_not_wrapped() {
    assert_eq!(cli::logs(args(&[])), Ok(1024));
    assert_eq!(cli::logs(args(&["64"])), Ok(64));
    assert_eq!(cli::logs(args(&["1"])), Ok(1));
    assert_eq!(cli::logs(args(&["1048576"])), Ok(1 << 20));
    // 2^44 MiB is 2^64 bytes: it used to wrap to an empty log.
    let err = cli::logs(args(&["17592186044416"])).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"size in MiB: expected a whole number from 1 to 1048576, got "17592186044416" (usage: logs [SIZE_MIB])"#
    );
    for bad in [
        "0",
        "1048577",
        "-1",
        "1e3",
        "64MiB",
        "",
        " 64",
        "99999999999999999999",
    ] {
        assert_eq!(
            cli::logs(args(&[bad])),
            Err(usage(
                &format!("size in MiB: expected a whole number from 1 to 1048576, got {bad:?}"),
                cli::LOGS_USAGE
            )),
            "{bad:?}"
        );
    }
    assert_eq!(
        cli::logs(args(&["64", "extra"])),
        Err(usage(r#"unexpected argument "extra""#, cli::LOGS_USAGE))
    );
}

#[test]
fn database_rows_are_checked() {
    assert_eq!(cli::database(args(&[])), Ok(1_000_000));
    assert_eq!(cli::database(args(&["50000"])), Ok(50_000));
    assert_eq!(
        cli::database(args(&["1000000001"])),
        Err(usage(
            r#"row count: expected a whole number from 1 to 1000000000, got "1000000001""#,
            cli::DATABASE_USAGE
        ))
    );
    assert_eq!(
        cli::database(args(&["5", "6"])),
        Err(usage(r#"unexpected argument "6""#, cli::DATABASE_USAGE))
    );
}

#[test]
fn etl_rows_and_backend_are_checked() {
    assert_eq!(cli::etl(args(&[])), Ok((2_000_000, Backend::ALL.to_vec())));
    assert_eq!(
        cli::etl(args(&["100000", "stackful"])),
        Ok((100_000, vec![Backend::Stackful]))
    );
    assert_eq!(
        cli::etl(args(&["0"])),
        Err(usage(
            r#"record count: expected a whole number from 1 to 1000000000, got "0""#,
            cli::ETL_USAGE
        ))
    );
    assert_eq!(
        cli::etl(args(&["10", "stack"])),
        Err(usage(
            "unknown backend `stack` (expected `stackless` or `stackful`)",
            cli::ETL_USAGE
        ))
    );
    assert_eq!(
        cli::etl(args(&["10", "stackless", "x"])),
        Err(usage(r#"unexpected argument "x""#, cli::ETL_USAGE))
    );
}

#[test]
fn paginated_api_takes_no_arguments() {
    assert_eq!(cli::paginated_api(args(&[])), Ok(()));
    assert_eq!(
        cli::paginated_api(args(&["1"])),
        Err(usage(
            r#"unexpected argument "1""#,
            cli::PAGINATED_API_USAGE
        ))
    );
}

#[test]
fn child_arguments_are_checked_too() {
    let mut a = cli::Args::new("etl", args(&["--child", "stackless", "in.csv"]));
    assert!(a.flag("--child"));
    assert!(!a.flag("--child"));
    assert_eq!(a.backend(), Ok(Backend::Stackless));
    assert_eq!(a.required("csv path"), Ok("in.csv".into()));
    assert_eq!(
        a.required("database path"),
        Err(usage("missing database path", "etl"))
    );
    assert_eq!(a.end(), Ok(()));
}

#[test]
fn usage_errors_exit_2_and_other_errors_exit_1() {
    let bad = cli::logs(args(&["0"])).unwrap_err();
    assert_eq!(pygen_patterns::exit_status(&bad), 2);
    let failed = std::io::Error::other("disk full");
    assert_eq!(pygen_patterns::exit_status(&failed), 1);
}

/// Each example's binary, given a bad argument, exits with status 2 after
/// exactly one line on stderr and nothing on stdout.
#[test]
fn examples_reject_bad_arguments_with_one_line_and_status_2() {
    // `cargo test` builds the examples with the tests; this makes sure of it
    // when only this test target was asked for (nothing to do otherwise).
    let built = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "--package",
            "pygen-patterns",
            "--examples",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo build");
    assert!(built.success(), "cargo build --examples: {built}");
    // This test runs from <target>/<profile>/deps; examples live next door.
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");

    for (example, argv, line) in [
        (
            "logs",
            &["17592186044416"][..],
            r#"error: size in MiB: expected a whole number from 1 to 1048576, got "17592186044416" (usage: logs [SIZE_MIB])"#,
        ),
        (
            "database",
            &["many"][..],
            r#"error: row count: expected a whole number from 1 to 1000000000, got "many" (usage: database [ROWS])"#,
        ),
        (
            "etl",
            &["10", "stackless", "extra"][..],
            r#"error: unexpected argument "extra" (usage: etl [ROWS [stackless|stackful]])"#,
        ),
        (
            "paginated_api",
            &["--fast"][..],
            r#"error: unexpected argument "--fast" (usage: paginated_api)"#,
        ),
    ] {
        let path = examples.join(example);
        let out = Command::new(&path)
            .args(argv)
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", path.display()));
        assert_eq!(out.status.code(), Some(2), "{example} {argv:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{example}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("{line}\n"),
            "{example}"
        );
    }
}
