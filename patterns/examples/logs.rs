//! Streaming a big log file with a generator, against reading it all into a
//! Vec: peak memory measured in a fresh child process per mode (`VmHWM`).
//! Then: stopping early closes the file (descriptors counted).
//!
//! ```sh
//! cargo run --release --example logs            # a 1 GiB log
//! cargo run --release --example logs -- 64      # a 64 MiB log
//! ```

use pygen::{Backend, Generator};
use pygen_patterns::cli;
use pygen_patterns::logs::{level, matching, read_lines, write_sample_log};
use pygen_patterns::probe::{field, human_kib, open_fds_to, peak_rss_kib, rerun_self};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> std::process::ExitCode {
    pygen_patterns::main_or_exit(run)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = cli::Args::new(cli::LOGS_USAGE, std::env::args().skip(1));
    if args.flag("--child") {
        let mode = args.required("mode")?;
        let path = args.required("path")?;
        args.end()?;
        return child(&mode, PathBuf::from(path));
    }
    let mib = cli::logs(std::env::args().skip(1))?;

    let path = std::env::temp_dir().join(format!("pygen-logs-{}.log", std::process::id()));
    let _cleanup = pygen::finally(|| {
        let _ = std::fs::remove_file(&path);
    });
    let t = Instant::now();
    let mut out = BufWriter::new(std::fs::File::create(&path)?);
    let lines = write_sample_log(&mut out, mib << 20)?;
    // On disk before the runs, so the first one does not pay for its writeback.
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "wrote {} ({lines} lines, {}) in {:.1}s",
        path.display(),
        human_kib(bytes / 1024),
        t.elapsed().as_secs_f64()
    );

    println!(
        "\n{:<30} {:>10} {:>9} {:>12} {:>8}",
        "mode", "lines", "errors", "peak memory", "time"
    );
    let p = path.to_str().ok_or("non-UTF-8 temp path")?;
    for mode in ["stream-stackless", "stream-stackful", "collect-vec"] {
        let report = rerun_self(&["--child", mode, p])?;
        let kib: u64 = field(&report, "peak_kib").ok_or("child sent no peak")?;
        println!(
            "{:<30} {:>10} {:>9} {:>12} {:>7.2}s",
            describe(mode),
            field::<u64>(&report, "lines").unwrap_or(0),
            field::<u64>(&report, "errors").unwrap_or(0),
            human_kib(kib),
            field::<f64>(&report, "secs").unwrap_or(0.0)
        );
    }

    println!("\nstopping early closes the file:");
    for backend in Backend::ALL {
        let mut errors = matching::on(backend, backend, path.clone(), " ERROR ".into());
        let before = open_fds_to(&path);
        let first: Vec<String> = errors.by_ref().take(3).collect();
        let during = open_fds_to(&path);
        errors.close()?;
        let after = open_fds_to(&path);
        let reqs: Vec<&str> = first.iter().filter_map(|l| l.split(' ').nth(2)).collect();
        println!(
            "  {:<9}: took 3 ERROR lines ({}); descriptors on the log: {before} before, {during} while suspended, {after} after close()",
            backend.name(),
            reqs.join(", ")
        );
    }
    Ok(())
}

fn describe(mode: &str) -> &'static str {
    match mode {
        "stream-stackless" => "stream (stackless generator)",
        "stream-stackful" => "stream (stackful generator)",
        _ => "collect into a Vec<String>",
    }
}

/// One measurement, in its own process: prints `lines= errors= peak_kib= secs=`.
fn child(mode: &str, path: PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let (mut lines, mut errors) = (0u64, 0u64);
    match mode {
        "stream-stackless" | "stream-stackful" => {
            let backend: Backend = mode.trim_start_matches("stream-").parse()?;
            let mut lines_gen = read_lines::on(backend, path);
            for line in lines_gen.by_ref() {
                lines += 1;
                errors += u64::from(level(&line) == Some("ERROR"));
            }
            if let Some(Err(e)) = lines_gen.take_completion() {
                return Err(e.into());
            }
        }
        "collect-vec" => {
            let mut lines_gen = read_lines::on(Backend::Stackless, path);
            let all: Vec<String> = lines_gen.by_ref().collect(); // list(read_lines(path))
            if let Some(Err(e)) = lines_gen.take_completion() {
                return Err(e.into());
            }
            lines = all.len() as u64;
            errors = all.iter().filter(|l| level(l) == Some("ERROR")).count() as u64;
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    let peak = peak_rss_kib().ok_or("no VmHWM in /proc/self/status")?;
    println!(
        "lines={lines} errors={errors} peak_kib={peak} secs={:.3}",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
