//! The report's one row model, and its text and Markdown tables.

use super::cases::{RAW_CORO, RAW_COROSENSEI, STACKFUL, STACKLESS, describe};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One engine's time on one workload: a line of every report.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// The workload (see [`describe`]).
    pub group: &'static str,
    pub engine: String,
    /// Median ns per operation.
    pub ns: f64,
    /// Whether this is CPython's own row.
    pub python: bool,
    /// CPython's time on this workload ÷ this one (`None` on CPython's row,
    /// or when CPython did not run it).
    pub vs_python: Option<f64>,
}

impl Row {
    /// A row of pygen's side.
    pub fn rust(group: &'static str, engine: &str, ns: f64) -> Row {
        Row {
            group,
            engine: engine.to_owned(),
            ns,
            python: false,
            vs_python: None,
        }
    }
}

/// Adds CPython's row after each workload it ran (`version` names it, e.g.
/// "CPython 3.11.7") and every other row's speed-up over it.
pub(super) fn add_python(rows: &mut Vec<Row>, version: &str, times: &HashMap<String, f64>) {
    for row in rows.iter_mut() {
        row.vs_python = times.get(row.group).map(|p| p / row.ns);
    }
    let mut groups: Vec<&'static str> = rows.iter().map(|r| r.group).collect();
    groups.dedup();
    for group in groups {
        if let Some(&ns) = times.get(group) {
            let at = rows
                .iter()
                .rposition(|r| r.group == group)
                .map_or(0, |i| i + 1);
            rows.insert(
                at,
                Row {
                    group,
                    engine: version.to_owned(),
                    ns,
                    python: true,
                    vs_python: None,
                },
            );
        }
    }
}

/// `80x`, `2.50x`, or nothing.
fn speedup(row: &Row) -> String {
    match row.vs_python {
        Some(x) if x < 10.0 => format!("{x:.2}x"),
        Some(x) => format!("{x:.0}x"),
        None => String::new(),
    }
}

/// Each row with its workload's description on the first row of the workload.
fn labelled(rows: &[Row]) -> impl Iterator<Item = (&'static str, &Row)> {
    let mut last = "";
    rows.iter().map(move |row| {
        let label = if row.group != last {
            describe(row.group)
        } else {
            ""
        };
        last = row.group;
        (label, row)
    })
}

/// A log-scale bar: 0.1 ns .. 100 µs (six decades) over `width` cells.
pub(super) fn bar(ns: f64, width: usize) -> String {
    let pos = ((ns.max(0.1).log10() + 1.0) / 6.0 * width as f64).round() as usize;
    "#".repeat(pos.clamp(1, width))
}

/// The table for a terminal, with a bar chart.
pub(super) fn text_table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<36} {:<38} {:>10} {:>9}  log scale: 0.1 ns .. 100 us",
        "workload", "engine", "ns/op", "vs CPy"
    );
    for (label, row) in labelled(rows) {
        let _ = writeln!(
            out,
            "{:<36} {:<38} {:>10.2} {:>9}  {}",
            label,
            row.engine,
            row.ns,
            speedup(row),
            bar(row.ns, 30)
        );
    }
    out
}

/// The table in Markdown (for the README).
pub(super) fn markdown_table(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| workload | engine | median ns/op | CPython ÷ this |\n");
    out.push_str("|---|---|---:|---:|\n");
    for (label, row) in labelled(rows) {
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {} |",
            label,
            row.engine,
            row.ns,
            speedup(row)
        );
    }
    out
}

fn find(rows: &[Row], group: &str, engine: &str) -> Option<f64> {
    rows.iter()
        .find(|r| r.group == group && r.engine == engine)
        .map(|r| r.ns)
}

/// The ratios this run measured between pygen and what it is built on, and
/// CPython (the benches check them; their instruction counts are exact).
pub(super) fn ratios(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Ratios in this run (`cargo bench --bench instructions` counts the first two exactly):"
    );
    let ratio = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    let python_per_yield = rows
        .iter()
        .find(|r| r.python && r.group == "per_yield")
        .map(|r| r.ns);
    for (what, value) in [
        (
            "stackless next / raw coroutine resume",
            ratio(
                find(rows, "per_yield", STACKLESS),
                find(rows, "per_yield", RAW_CORO),
            ),
        ),
        (
            "stackful next / raw corosensei resume",
            ratio(
                find(rows, "per_yield", STACKFUL),
                find(rows, "per_yield", RAW_COROSENSEI),
            ),
        ),
        (
            "CPython / stackless, per yielded value",
            ratio(python_per_yield, find(rows, "per_yield", STACKLESS)),
        ),
        (
            "CPython / stackful, per yielded value",
            ratio(python_per_yield, find(rows, "per_yield", STACKFUL)),
        ),
    ] {
        let _ = match value {
            Some(v) => writeln!(out, "  {what:<40} {v:>8.2}x"),
            None => writeln!(out, "  {what:<40} {:>9}", "n/a"),
        };
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Two rows of pygen, one of them with CPython's row added.
    pub(in super::super) fn sample() -> Vec<Row> {
        let mut rows = vec![
            Row::rust("per_yield", STACKLESS, 0.5),
            Row::rust("per_yield", RAW_CORO, 0.4),
            Row::rust("send", STACKLESS, 2.0),
        ];
        add_python(
            &mut rows,
            "CPython 3.11.7",
            &HashMap::from([("per_yield".to_owned(), 50.0)]),
        );
        rows
    }

    #[test]
    fn bars_are_log_scaled_and_never_empty() {
        assert_eq!(bar(0.01, 30), "#");
        assert_eq!(bar(1.0, 30).len(), 5); // one decade of six
        assert_eq!(bar(100.0, 30).len(), 15);
        assert_eq!(bar(1e9, 30).len(), 30);
    }

    #[test]
    fn cpython_rows_follow_their_workload_and_every_table_lists_every_row() {
        let rows = sample();
        assert_eq!(
            markdown_table(&rows),
            "| workload | engine | median ns/op | CPython ÷ this |\n\
             |---|---|---:|---:|\n\
             | count_x: one yielded value | pygen stackless | 0.50 | 100x |\n\
             |  | raw nightly coroutine | 0.40 | 125x |\n\
             |  | CPython 3.11.7 | 50.00 |  |\n\
             | send(v) round trip | pygen stackless | 2.00 |  |\n"
        );
        let text = text_table(&rows);
        assert_eq!(text.lines().count(), 5);
        assert!(text.lines().nth(3).unwrap().starts_with(&format!(
            "{:<36} {:<38} {:>10} {:>9}  ",
            "", "CPython 3.11.7", "50.00", ""
        )));
    }

    #[test]
    fn ratios_are_computed_from_the_rows_or_marked_missing() {
        assert_eq!(
            ratios(&sample()),
            "Ratios in this run (`cargo bench --bench instructions` counts the first two exactly):\n  \
             stackless next / raw coroutine resume        1.25x\n  \
             stackful next / raw corosensei resume          n/a\n  \
             CPython / stackless, per yielded value     100.00x\n  \
             CPython / stackful, per yielded value          n/a\n"
        );
    }
}
