//! The child process's side of the overflow tests: each scenario overflows
//! a stack, measures one, or runs into the mapping limit, and says on stderr
//! what it saw; the tests in `main.rs` read its exit status and stderr.

use pygen::Stackful;
use pygen::stackful::stack::{DEFAULT_STACK_SIZE, MIN_STACK_SIZE};
use std::hint::black_box;

/// Runs `scenario` (the value of `PYGEN_OVERFLOW_CHILD`).
pub(crate) fn run(scenario: &str) {
    match scenario {
        "default" => {
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(recurse(0))?;
                Ok(())
            });
            g.next();
        }
        "handler_off" => {
            // An embedder that owns the fault signals: pygen leaves them alone.
            pygen::stackful::stack::set_overflow_handler(false);
            let before = segv_action();
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(recurse(0))?;
                Ok(())
            });
            eprintln!("SIGSEGV action unchanged: {}", segv_action() == before);
            g.next();
        }
        "sized" => {
            let mut g = Stackful::<u64>::with_stack_size(40 * 1024, |co| {
                co.yield_(1)?;
                co.yield_(recurse(0))?;
                Ok(())
            });
            g.next();
            g.next();
        }
        "thread" => {
            // A plain thread's overflow is Rust's own business, even after pygen
            // installed its handler.
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(1)?;
                Ok(())
            });
            g.next();
            std::thread::Builder::new()
                .name("plain".into())
                .stack_size(128 * 1024)
                .spawn(|| recurse(0))
                .unwrap()
                .join()
                .unwrap();
        }
        "many_live" => {
            // More live stacks than the handler could once register.
            let live: Vec<Stackful<u64>> = (0..5_000)
                .map(|_| {
                    Stackful::new(|co| {
                        co.yield_(1)?;
                        Ok(())
                    })
                })
                .collect();
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(recurse(0))?;
                Ok(())
            });
            eprintln!("{} stacks live", live.len() + 1);
            g.next();
        }
        "pooled_then_bigger" => {
            // A default stack goes back to the pool; a request one page
            // larger must still get that many usable bytes, all of them
            // usable down to the guard page.
            let mut g = Stackful::<u64>::new(|co| {
                co.yield_(1)?;
                Ok(())
            });
            g.next();
            drop(g);
            let size = DEFAULT_STACK_SIZE + 4096;
            // Room left for the last frames: the sanitizer's runtime runs on
            // this stack too, with frames of a few KiB.
            let margin = if std::env::var_os("PYGEN_SANITIZER").is_some() {
                8192
            } else {
                1024
            };
            let mut g = Stackful::<usize>::with_stack_size(size, move |co| {
                let sp = stack_pointer();
                // Below the stack: its guard page (never merged with it).
                let start = writable_mapping_start(sp);
                co.yield_(sp - start)?;
                let used = use_stack(sp, sp - start - margin) as usize;
                co.yield_(sp - used - start)?;
                Ok(())
            });
            let room = g.next().unwrap();
            eprintln!("asked for {size} bytes; the body starts {room} bytes above the guard page");
            let left = g.next().unwrap();
            eprintln!("recursed down to {left} bytes above its guard page");
            return;
        }
        "wall" => {
            // Takes all but ~2,000 of the mappings Linux allows this process
            // (cheaply: one page each, no memory), then creates stacks until
            // the system refuses one: the live-stack wall, quickly.
            let limit: usize = std::fs::read_to_string("/proc/sys/vm/max_map_count")
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let have = std::fs::read_to_string("/proc/self/maps")
                .unwrap()
                .lines()
                .count();
            take_mappings(limit.saturating_sub(have + 2_000));
            let mut live = vec![];
            while live.len() < 10_000 {
                match Stackful::<u64>::try_with_stack_size(MIN_STACK_SIZE, |_| Ok(())) {
                    Ok(g) => live.push(g),
                    Err(e) => {
                        eprintln!("after {} stacks: {:?}: {e}", live.len(), e.kind());
                        // The panicking constructor says the same.
                        let r = std::panic::catch_unwind(|| Stackful::<u64>::new(|_| Ok(())));
                        let payload = r.expect_err("Stackful::new panics at the wall");
                        eprintln!(
                            "new panicked: {}",
                            payload.downcast_ref::<String>().unwrap()
                        );
                        return;
                    }
                }
            }
            panic!("no wall after {} stacks", live.len());
        }
        other => panic!("unknown scenario {other}"),
    }
    unreachable!("the scenario should have overflowed");
}

/// Recurses until the stack runs out (each frame holds 512 bytes).
fn recurse(depth: u64) -> u64 {
    let frame = black_box([depth as u8; 512]);
    if depth == u64::MAX {
        return 0;
    }
    recurse(depth + 1) + u64::from(black_box(frame)[7])
}

/// The stack pointer (a local's address would not do: AddressSanitizer
/// moves locals to a heap "fake stack").
fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads a register; touches no memory.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    sp
}

/// Recurses until at least `bytes` of stack below `top` are in use; returns
/// how many are.
fn use_stack(top: usize, bytes: usize) -> u64 {
    let frame = black_box([0u8; 128]);
    let used = top - stack_pointer();
    if used >= bytes {
        return used as u64;
    }
    use_stack(top, bytes) + u64::from(black_box(frame)[7])
}

/// Where this process's writable mapping that holds `addr` starts.
fn writable_mapping_start(addr: usize) -> usize {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    for line in maps.lines() {
        let range = line.split(' ').next().unwrap();
        let (start, end) = range.split_once('-').unwrap();
        let start = usize::from_str_radix(start, 16).unwrap();
        let end = usize::from_str_radix(end, 16).unwrap();
        if (start..end).contains(&addr) {
            assert!(line.split(' ').nth(1).unwrap().starts_with("rw"), "{line}");
            return start;
        }
    }
    panic!("{addr:#x} is in no mapping");
}

/// Adds about `count` memory mappings to the process (alternating page
/// protections in one reservation, so the kernel cannot merge them), until
/// the system refuses more. Commits no memory.
fn take_mappings(count: usize) {
    let pages = count + 1;
    let len = pages * 4096;
    // SAFETY: a fresh private reservation, checked; never touched or freed
    // (the child process exits soon).
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    assert_ne!(base, libc::MAP_FAILED);
    for page in (0..pages).step_by(2) {
        // SAFETY: a page inside the reservation above.
        let r = unsafe {
            libc::mprotect(
                base.cast::<u8>().add(page * 4096).cast(),
                4096,
                libc::PROT_READ,
            )
        };
        if r != 0 {
            break;
        }
    }
}

/// The address of the current SIGSEGV handler (or SIG_DFL/SIG_IGN).
fn segv_action() -> usize {
    // SAFETY: a zeroed sigaction is a valid out-parameter; a null new action
    // only queries.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        assert_eq!(
            libc::sigaction(libc::SIGSEGV, std::ptr::null(), &mut old),
            0
        );
        old.sa_sigaction
    }
}
