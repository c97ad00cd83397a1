//! The report as an SVG bar chart (`--svg PATH`).

use super::cases::{STACKFUL, STACKLESS, describe};
use super::report::Row;
use std::fmt::Write as _;

fn colour(row: &Row) -> &'static str {
    let engine = &row.engine;
    if row.python {
        "#888888"
    } else if engine.starts_with(STACKLESS) {
        "#1f77b4"
    } else if engine.starts_with(STACKFUL) {
        "#ff7f0e"
    } else {
        "#2ca02c"
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A horizontal log-scale bar chart of every row, grouped by workload.
pub(super) fn svg_chart(rows: &[Row], machine: &str) -> String {
    let (label_w, plot_w, row_h, group_gap, top) = (300.0, 720.0, 18.0, 26.0, 70.0);
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group).collect();
    groups.dedup();
    let height = top + rows.len() as f64 * row_h + groups.len() as f64 * group_gap + 40.0;
    let width = label_w + plot_w + 90.0;
    let x_of = |ns: f64| label_w + (ns.max(0.1).log10() + 1.0) / 6.0 * plot_w;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r##"<rect width="100%" height="100%" fill="white"/><text x="10" y="22" font-size="16" font-weight="bold">pygen compare: ns per operation (log scale, shorter is faster)</text><text x="10" y="42" fill="#555">{}</text>"##,
        escape(machine)
    );
    for (decade, name) in [
        (0.1, "0.1 ns"),
        (1.0, "1 ns"),
        (10.0, "10 ns"),
        (100.0, "100 ns"),
        (1e3, "1 µs"),
        (1e4, "10 µs"),
        (1e5, "100 µs"),
    ] {
        let x = x_of(decade);
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" text-anchor="middle" fill="#555">{name}</text>"##,
            top - 10.0,
            height - 30.0,
            height - 14.0
        );
    }
    let mut y = top;
    let mut last = "";
    for row in rows {
        if row.group != last {
            y += group_gap;
            let _ = writeln!(
                s,
                r#"<text x="10" y="{}" font-weight="bold">{}</text>"#,
                y - 8.0,
                escape(describe(row.group))
            );
            last = row.group;
        }
        let x_end = x_of(row.ns);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{label_w}" y="{}" width="{:.1}" height="{}" fill="{}"/><text x="{:.1}" y="{}">{:.2}</text>"#,
            label_w - 8.0,
            y + row_h - 5.0,
            escape(&row.engine),
            y + 2.0,
            (x_end - label_w).max(1.0),
            row_h - 4.0,
            colour(row),
            x_end + 4.0,
            y + row_h - 5.0,
            row.ns
        );
        y += row_h;
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_draws_every_row() {
        let svg = svg_chart(&super::super::report::tests::sample(), "2 cores, <test>");
        assert!(svg.starts_with("<svg "));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<rect x=").count(), 4);
        assert!(svg.contains(">pygen stackless<") && svg.contains(">CPython 3.11.7<"));
        assert!(
            svg.contains("fill=\"#888888\"/><text"),
            "CPython's bar is grey"
        );
        assert!(svg.contains(">2 cores, &lt;test&gt;<"));
    }
}
