//! Close-on-drop (R16), with nothing escaping `Drop`.

use super::{Gen, Phase, Resumable};
use crate::delegate::chain;
use crate::hook::{self, Unraisable};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

impl<B: Resumable> Drop for Gen<B> {
    /// R16: a Suspended generator is closed (its cleanup runs, here and now);
    /// Created and Closed ones run nothing. Nothing escapes: an error or a panic
    /// while closing, and an error that ended an iteration but was never taken,
    /// go to the [unraisable hook](crate::set_unraisable_hook).
    #[inline]
    fn drop(&mut self) {
        // One inlined check for the common cases (nothing to close, nothing
        // to report): then the backend is just dropped. The rest goes out of
        // line BY VALUE, so the address of a generator never escapes and the
        // optimiser can keep its state in registers (benches/instructions.rs).
        let simple = matches!(self.phase, Phase::Closed | Phase::Created);
        if simple && !matches!(self.completion, Some(Err(_))) {
            // SAFETY: `backend` is initialised (not `Abandoned`), this is the
            // only place that takes it, and `self` is not used afterwards.
            drop(unsafe { ManuallyDrop::take(&mut self.backend) });
        } else if self.phase != Phase::Abandoned {
            Self::drop_slow(Gen {
                // SAFETY: as above (moved out once, by value).
                backend: ManuallyDrop::new(unsafe { ManuallyDrop::take(&mut self.backend) }),
                phase: self.phase,
                completion: self.completion.take(),
            });
        }
    }
}

impl<B: Resumable> Gen<B> {
    #[inline(never)]
    fn drop_slow(mut g: Self) {
        let name = crate::Generator::name(&g);
        if matches!(g.phase, Phase::Suspended | Phase::Delegating) {
            match panic::catch_unwind(AssertUnwindSafe(|| g.close_impl())) {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => hook::report(&Unraisable::new(name, e.describe())),
                Err(payload) => hook::report(&Unraisable::new(
                    name,
                    format!("panic: {}", hook::panic_message(&*payload)),
                )),
            }
        } else if let Some(Err(e)) = &g.completion {
            hook::report(&Unraisable::new(
                name,
                format!("{} (ended an iteration, never taken)", e.describe()),
            ));
        }
        if g.phase == Phase::Delegating {
            // The close left the body inside a `yield from` again (it
            // ignored GeneratorExit and delegated): the frames are freed
            // with the body, their subs dropped (and closed) in its drop.
            // SAFETY: `Delegating`: the root frame is linked and owned by the body.
            unsafe { chain::unlink(g.root()) };
        }
        if g.phase == Phase::Abandoned {
            // Nothing left to destroy: `backend` is gone.
            g.completion = None;
            std::mem::forget(g);
            return;
        }
        // Nothing left to close or report: `g`'s own drop only drops the backend.
        g.phase = Phase::Closed;
        g.completion = None;
        // That destroys what is left of the body (the locals of a body that
        // ignored GeneratorExit): a destructor that panics there is reported,
        // never raised out of `Drop` (which would abort during an unwind).
        if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(move || drop(g))) {
            hook::report(&Unraisable::new(
                name,
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }
}
