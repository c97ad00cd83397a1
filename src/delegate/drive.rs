//! Driving a chain: the innermost level is stepped directly.

use super::chain::{Chain, ChainHead, truncate};
use super::registry::arm;
use crate::hook::{self, Unraisable};
use crate::{Error, Resume};
use std::panic::{self, AssertUnwindSafe};
use std::ptr::NonNull;

/// What [`drive`] ended with.
pub(crate) enum Driven<Y> {
    /// The innermost level yielded.
    Yielded(Y),
    /// Level 0 completed: resume the driver's own body (with GeneratorExit
    /// if this was a close).
    Done { closing: bool },
}

/// Marks the chain executing; clears it when dropped.
struct Executing<'a>(&'a ChainHead);

impl Drop for Executing<'_> {
    fn drop(&mut self) {
        self.0.executing.set(false);
    }
}

/// Steps the innermost level of `chain` with `arg`; delivers completions to
/// parents until a level yields or level 0 completes.
///
/// A panic in any level destroys every level's body, innermost first (each
/// generator is then Closed), and is returned for the driver to resume after
/// destroying its own body.
///
/// # Safety
/// `chain` is a live `Chain<Y, S, E>` (checked by `route`'s caller through
/// the generator's types) driven by the caller.
pub(crate) unsafe fn drive<Y, S, E>(
    chain: NonNull<ChainHead>,
    arg: Resume<S, E>,
) -> Result<Driven<Y>, Box<dyn std::any::Any + Send>> {
    // SAFETY: caller's contract; the types were checked when the generator
    // adopted its slot.
    let chain = unsafe { &*chain.as_ptr().cast::<Chain<Y, S, E>>() };
    let closing = matches!(arg, Err(Error::GeneratorExit));
    let mut arg = Some(arg);
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        chain.head.executing.set(true);
        let _executing = Executing(&chain.head);
        loop {
            let index = chain.len() - 1;
            let top = chain.level(index);
            let step = {
                // SAFETY: registered levels are live and only stepped here
                // while their owners' bodies are suspended.
                let top = unsafe { top.as_ref() };
                // SAFETY: the top level's owner is suspended (it is a level
                // below, or the driver's own body), so only we use its sub.
                let target = unsafe { top.target() };
                let _arm = arm(&chain.head, target);
                let a = arg.take().unwrap_or(Ok(None));
                // SAFETY: as above.
                unsafe { top.step_level(a) }
            };
            match step {
                Some(y) => return Driven::Yielded(y),
                None => {
                    // Usually the top; but a sub that yields while being
                    // closed may have entered a new `yield from` on its way:
                    // that part is its own now (detached, it forwards itself).
                    // SAFETY: the chain is live.
                    unsafe { truncate(&chain.head, index) };
                    if chain.len() == 0 {
                        return Driven::Done { closing };
                    }
                    // The parent wakes in `yield from` and takes the result
                    // from its slot; after a close it is closed (R25/R26).
                    arg = Some(if closing {
                        Err(Error::GeneratorExit)
                    } else {
                        Ok(None)
                    });
                }
            }
        }
    }));
    if run.is_err() {
        abandon(chain);
    }
    run
}

/// After a panic: destroys every level's body, innermost first.
fn abandon<Y, S, E>(chain: &Chain<Y, S, E>) {
    while chain.len() > 0 {
        let top = chain.level(chain.len() - 1);
        chain.pop();
        // SAFETY: still live (its owner is a level below, not yet destroyed).
        let destroy = panic::catch_unwind(AssertUnwindSafe(|| unsafe { top.as_ref().abandon() }));
        if let Err(payload) = destroy {
            hook::report(&Unraisable::new(
                "yield from",
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }
}
