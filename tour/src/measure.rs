//! Timing a workload the way `pygen compare` does: calibrate the number of
//! units until one call takes a sample's time, take several samples, report
//! the median in ns per operation.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median ns per operation of `run(units)`, which performs `units` units of
/// `ops` operations each: calibrated to `sample` per call, `samples` samples.
pub fn time_per_op(run: impl Fn(u64) -> u64, ops: u64, sample: Duration, samples: usize) -> f64 {
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
    let mut per_op: Vec<f64> = (0..samples.max(1))
        .map(|_| {
            let start = Instant::now();
            black_box(run(black_box(units)));
            start.elapsed().as_nanos() as f64 / (units * ops) as f64
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    per_op[per_op.len() / 2]
}

/// `pygen compare`'s quick setting: 20 ms samples, 7 of them.
pub fn quick(run: impl Fn(u64) -> u64, ops: u64) -> f64 {
    time_per_op(run, ops, Duration::from_millis(20), 7)
}
