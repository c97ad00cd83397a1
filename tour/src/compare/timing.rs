//! Taking a time ([`crate::measure::time_per_op`]: calibrate a case to one
//! sample's length, take the median of several samples), and naming the
//! machine it was taken on.

use super::cases::Case;
use std::time::Duration;

/// Median ns per operation of `case`.
pub(super) fn time_case(case: &Case, sample: Duration, samples: usize) -> f64 {
    crate::measure::time_per_op(case.run, case.ops, sample, samples)
}

/// "2 cores, AMD EPYC" from /proc/cpuinfo, as far as it can tell.
pub(super) fn machine_name() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cpus} cores, {model}")
}
