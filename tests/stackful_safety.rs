//! The stackful backend's edge cases: stack sizes the system cannot give,
//! generators created while the thread shuts down, body closures too big to
//! copy onto a stack, and the stack pool's size guarantee.
#![cfg(feature = "stackful")]

use pygen::Stackful;
use pygen::stackful::stack::{self, DEFAULT_STACK_SIZE};
use std::io::ErrorKind;
use std::panic::catch_unwind;
use std::rc::Rc;

fn two_yields() -> Stackful<u8> {
    Stackful::new(|co| {
        co.yield_(1)?;
        co.yield_(2)?;
        Ok(())
    })
}

#[test]
fn sizes_beyond_any_address_space_are_an_error() {
    for size in [usize::MAX, usize::MAX - 4096, isize::MAX as usize + 1] {
        let Err(e) = Stackful::<u8>::try_with_stack_size(size, |_| Ok(())) else {
            panic!("a {size}-byte stack was mapped");
        };
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(
            e.to_string(),
            format!(
                "a stack of {size} bytes is larger than any address space \
                 (at most 9223372036854775807 bytes)"
            )
        );
    }
    let r = catch_unwind(|| Stackful::<u8>::with_stack_size(usize::MAX, |_| Ok(())));
    let payload = r.expect_err("with_stack_size panics");
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some(
            "pygen: a stack of 18446744073709551615 bytes is larger than any \
             address space (at most 9223372036854775807 bytes)"
        )
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_size_the_system_cannot_map_says_why_and_what_to_do() {
    let size = isize::MAX as usize;
    let Err(e) = Stackful::<u8>::try_with_stack_size(size, |_| Ok(())) else {
        panic!("an 8 EiB stack was mapped");
    };
    assert_eq!(e.kind(), ErrorKind::OutOfMemory);
    let text = e.to_string();
    let expected_start =
        format!("cannot map a {size}-byte stack (Cannot allocate memory (os error 12)) with ");
    let expected_end = " pygen stacks mapped: the system is out of memory, or this \
         process out of address space (see ulimit -v); use fewer live generators or \
         smaller stacks (Stackful::with_stack_size), or handle the failure with \
         Stackful::try_with_stack_size";
    assert!(text.starts_with(&expected_start), "{text}");
    assert!(text.ends_with(expected_end), "{text}");
    let live = &text[expected_start.len()..text.len() - expected_end.len()];
    assert!(live.parse::<usize>().is_ok(), "{text}");
}

thread_local! {
    /// Registered before pygen's own thread-locals, so destroyed after them.
    static LATER: CreatesAGenerator = const { CreatesAGenerator };
}

struct CreatesAGenerator;

static FROM_DESTRUCTOR: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

impl Drop for CreatesAGenerator {
    fn drop(&mut self) {
        let mut log = vec![];
        match Stackful::<u8>::try_with_stack_size(DEFAULT_STACK_SIZE, |co| {
            co.yield_(1)?;
            Ok(())
        }) {
            Ok(g) => log.push(format!("try_with_stack_size: {:?}", g.collect::<Vec<_>>())),
            Err(e) => log.push(format!("try_with_stack_size: error {e}")),
        }
        log.push(format!("new: {:?}", two_yields().collect::<Vec<_>>()));
        log.push(format!("pooled: {}", stack::pooled_stacks()));
        stack::clear_pool();
        FROM_DESTRUCTOR.lock().unwrap().extend(log);
    }
}

#[test]
fn generators_work_in_a_thread_local_destructor_after_the_pool_is_gone() {
    std::thread::spawn(|| {
        LATER.with(|_| {});
        // Now pygen's thread-locals (the pool, the signal stack) come to life.
        assert_eq!(two_yields().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(stack::pooled_stacks(), 1);
    })
    .join()
    .expect("the thread and its destructors ran without a panic");
    assert_eq!(
        *FROM_DESTRUCTOR.lock().unwrap(),
        ["try_with_stack_size: [1]", "new: [1, 2]", "pooled: 0",]
    );
}

#[test]
fn a_body_closure_too_big_to_copy_onto_a_stack_still_runs() {
    let big = [7u8; 4096];
    let g = Stackful::<u8>::new(move |co| {
        co.yield_(big[0])?;
        co.yield_(big[4095])?;
        Ok(())
    });
    assert_eq!(g.collect::<Vec<_>>(), [7, 7]);
    // Never started: dropping it drops the (boxed) closure and its captures.
    let alive = Rc::new(());
    let held = alive.clone();
    let g = Stackful::<u8>::new(move |co| {
        co.yield_(big[1])?;
        drop(held);
        Ok(())
    });
    assert_eq!(Rc::strong_count(&alive), 2);
    drop(g);
    assert_eq!(Rc::strong_count(&alive), 1);
}

#[test]
fn a_pooled_stack_smaller_than_asked_is_not_reused() {
    stack::clear_pool();
    drop(two_yields().collect::<Vec<_>>());
    assert_eq!(stack::pooled_stacks(), 1, "a default-size stack is pooled");
    // One page more than the pooled stack holds: a fresh stack.
    let bigger = Stackful::<u8>::with_stack_size(DEFAULT_STACK_SIZE + 4096, |_| Ok(()));
    assert_eq!(stack::pooled_stacks(), 1, "the smaller stack stays pooled");
    // Exactly its size: reused.
    let same = Stackful::<u8>::with_stack_size(DEFAULT_STACK_SIZE, |_| Ok(()));
    assert_eq!(stack::pooled_stacks(), 0);
    drop((bigger, same));
    assert_eq!(stack::pooled_stacks(), 2);
    // The larger one serves a default request (within twice the size).
    let a = two_yields();
    let b = two_yields();
    assert_eq!(stack::pooled_stacks(), 0);
    drop((a, b));
    stack::clear_pool();
}
