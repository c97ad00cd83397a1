//! Taking a time: calibrate a case to one sample's length, take the median
//! of several samples.

use super::cases::Case;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median ns per operation.
pub(super) fn time_case(case: &Case, sample: Duration, samples: usize) -> f64 {
    let run = case.run;
    // Calibrate: grow the unit count until one call takes a sample's time.
    let mut units = 1u64;
    loop {
        let start = Instant::now();
        black_box(run(black_box(units)));
        let took = start.elapsed();
        if took >= sample || units >= 1 << 40 {
            break;
        }
        let scale = if took.as_nanos() == 0 {
            16.0
        } else {
            (sample.as_nanos() as f64 / took.as_nanos() as f64 * 1.2).clamp(1.5, 16.0)
        };
        units = ((units as f64) * scale).ceil() as u64;
    }
    let mut per_op: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            black_box(run(black_box(units)));
            start.elapsed().as_nanos() as f64 / (units * case.ops) as f64
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    per_op[per_op.len() / 2]
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
