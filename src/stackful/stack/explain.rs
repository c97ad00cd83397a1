//! Why the system refused a new stack, and what to do about it: the error
//! [`take_fresh`](super::take_fresh) returns.

use std::io;

/// What to do when the system refuses a new stack, added to its error.
const ADVICE: &str = "use fewer live generators or smaller stacks \
    (Stackful::with_stack_size), or handle the failure with \
    Stackful::try_with_stack_size";

/// Says why mapping a `size`-byte stack failed and what to do about it.
///
/// Allocates nothing large: at the mapping limit, a large allocation (which
/// needs a new mapping) would fail too.
#[cfg(target_os = "linux")]
pub(super) fn explain(error: io::Error, size: usize) -> io::Error {
    let live = super::super::overflow::live_stacks();
    let text = match (max_map_count(), mappings()) {
        // A stack is two mappings (the guard page and the rest).
        (Some(limit), Some(mappings)) if mappings + 2 > limit => {
            map_count_message(&error, size, live, mappings, limit)
        }
        _ if error.raw_os_error() == Some(libc::ENOMEM) => format!(
            "cannot map a {size}-byte stack ({error}) with {live} pygen stacks \
             mapped: the system is out of memory, or this process out of \
             address space (see ulimit -v); {ADVICE}"
        ),
        _ => format!("cannot map a {size}-byte stack ({error}); {ADVICE}"),
    };
    io::Error::new(error.kind(), text)
}

/// Linux's limit on a process's memory mappings (`vm.max_map_count`).
#[cfg(target_os = "linux")]
fn max_map_count() -> Option<usize> {
    use std::io::Read;
    let mut buf = [0u8; 32];
    let n = std::fs::File::open("/proc/sys/vm/max_map_count")
        .and_then(|mut f| f.read(&mut buf))
        .ok()?;
    std::str::from_utf8(&buf[..n]).ok()?.trim().parse().ok()
}

/// How many memory mappings this process has: the lines of
/// `/proc/self/maps`, less a last `[vsyscall]` line (the highest address, not
/// a mapping the limit counts).
#[cfg(target_os = "linux")]
fn mappings() -> Option<usize> {
    use std::io::Read;
    const VSYSCALL: &[u8; 11] = b"[vsyscall]\n";
    let mut maps = std::fs::File::open("/proc/self/maps").ok()?;
    let mut buf = [0u8; 4096];
    let mut lines = 0;
    // The file's last bytes so far.
    let mut last = [0u8; VSYSCALL.len()];
    loop {
        let n = maps.read(&mut buf).ok()?;
        let chunk = &buf[..n];
        if n == 0 {
            break;
        }
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
        let keep = n.min(last.len());
        last.rotate_left(keep);
        let end = last.len() - keep;
        last[end..].copy_from_slice(&chunk[n - keep..]);
    }
    Some(lines - usize::from(&last == VSYSCALL))
}

#[cfg(not(target_os = "linux"))]
pub(super) fn explain(error: io::Error, size: usize) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("cannot map a {size}-byte stack ({error}); {ADVICE}"),
    )
}

/// The error at the per-process memory-mapping limit.
#[cfg(target_os = "linux")]
fn map_count_message(
    error: &io::Error,
    size: usize,
    live: usize,
    mappings: usize,
    limit: usize,
) -> String {
    format!(
        "cannot map a {size}-byte stack ({error}): this process has {mappings} \
         memory mappings, at Linux's limit (vm.max_map_count = {limit}); each \
         generator stack takes 2, and {live} pygen stacks are mapped. Use fewer \
         live generators, handle the failure with Stackful::try_with_stack_size, \
         or raise the limit (sysctl -w vm.max_map_count={})",
        limit.saturating_mul(4)
    )
}
