//! Close-on-drop (R16), with nothing escaping `Drop`.

use super::{Gen, Phase, Resumable, body_name};
use crate::Error;
use crate::delegate::chain;
use crate::hook::{self, Unraisable};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

/// What `close_impl` did, or the panic that left it.
type Closing<R, E> = std::thread::Result<Result<Option<R>, Error<E>>>;

impl<B: Resumable> Drop for Gen<B> {
    /// R16: a Suspended generator is closed (its cleanup runs, here and now);
    /// Created and Closed ones run nothing. Nothing escapes: an error or a panic
    /// while closing, and an error that ended an iteration but was never taken,
    /// go to the [unraisable hook](crate::set_unraisable_hook).
    #[inline]
    fn drop(&mut self) {
        // Small, so that it inlines: one check for the cases with nothing to
        // close or report (then the backend is just dropped), the close of a
        // Suspended generator out of line, and the rest out of line with the
        // generator moved out BY VALUE (benches/instructions).
        let simple = matches!(self.phase, Phase::Closed | Phase::Created);
        if simple && !matches!(self.completion, Some(Err(_))) {
            // SAFETY: `backend` is initialised (not `Abandoned`), this is the
            // only place that takes it, and `self` is not used afterwards.
            drop(unsafe { ManuallyDrop::take(&mut self.backend) });
        } else if self.phase == Phase::Suspended {
            if B::__IN_MEMORY {
                // The generator is in memory anyway: nothing to keep apart.
                self.close_on_drop();
            } else {
                self.drop_suspended();
            }
        } else if self.phase != Phase::Abandoned {
            let g = Gen {
                // SAFETY: as above (moved out once, by value).
                backend: ManuallyDrop::new(unsafe { ManuallyDrop::take(&mut self.backend) }),
                phase: self.phase,
                completion: self.completion.take(),
                closed_unstarted: self.closed_unstarted,
            };
            let raw_name = g.backend.name();
            Self::drop_slow(g, raw_name, None);
        }
    }
}

impl<B: Resumable> Gen<B> {
    /// Drops a Suspended generator (in its `Drop`): closes it; if that ends
    /// its body cleanly (the common case), drops the backend, else hands the
    /// rest to [`drop_slow`](Self::drop_slow). Out of line, and the only call
    /// in `Drop` given the generator's address: a generator whose phase is
    /// known where it is dropped (after an explicit `close()`, say) then has
    /// no call left, and the optimiser keeps its state in registers.
    #[inline(never)]
    fn drop_suspended(&mut self) {
        self.close_on_drop();
    }

    /// [`drop_suspended`](Self::drop_suspended), inline.
    #[inline(always)]
    fn close_on_drop(&mut self) {
        // Taken first: the close may destroy the body (a panic in a `yield
        // from` it entered while closing).
        let raw_name = self.backend.name();
        // `close_impl` for a Suspended generator, without calling it: a
        // second caller would keep the optimiser from inlining it into an
        // explicit `close()`.
        let closing = panic::catch_unwind(AssertUnwindSafe(|| {
            Self::closed(self.run(Err(Error::GeneratorExit)))
        }));
        if matches!(closing, Ok(Ok(_))) && self.phase == Phase::Closed {
            // SAFETY: `backend` is initialised (the body ran to its end),
            // taken once here, and the phase now says it is gone.
            drop(unsafe { ManuallyDrop::take(&mut self.backend) });
            self.phase = Phase::Abandoned;
        } else if self.phase == Phase::Abandoned {
            Self::report_closing(raw_name, Some(closing), &None);
        } else {
            let g = Gen {
                // SAFETY: initialised (not `Abandoned`), moved out once; the
                // phase then says it is gone.
                backend: ManuallyDrop::new(unsafe { ManuallyDrop::take(&mut self.backend) }),
                phase: self.phase,
                completion: self.completion.take(),
                closed_unstarted: self.closed_unstarted,
            };
            self.phase = Phase::Abandoned;
            Self::drop_slow(g, raw_name, Some(closing));
        }
    }

    /// Closes `g` unless `closing` says how its close went, reports what must
    /// be reported under the body's `raw_name`, and destroys what is left.
    #[cold]
    #[inline(never)]
    fn drop_slow(
        mut g: Self,
        raw_name: &'static str,
        closing: Option<Closing<B::Return, B::Error>>,
    ) {
        let closing = closing.or_else(|| {
            (g.phase == Phase::Delegating)
                .then(|| panic::catch_unwind(AssertUnwindSafe(|| g.close_impl())))
        });
        Self::report_closing(raw_name, closing, &g.completion);
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
                body_name(raw_name),
                format!("panic: {}", hook::panic_message(&*payload)),
            ));
        }
    }

    /// Reports how closing on drop went (an error or a panic), or, with no
    /// close, an error that ended an iteration and was never taken.
    #[cold]
    #[inline(never)]
    fn report_closing(
        raw_name: &'static str,
        closing: Option<Closing<B::Return, B::Error>>,
        completion: &Option<Result<B::Return, Error<B::Error>>>,
    ) {
        let name = body_name(raw_name);
        match closing {
            Some(Ok(Ok(_))) => {}
            Some(Ok(Err(e))) => hook::report(&Unraisable::new(name, e.describe())),
            Some(Err(payload)) => hook::report(&Unraisable::new(
                name,
                format!("panic: {}", hook::panic_message(&*payload)),
            )),
            None => {
                if let Some(Err(e)) = completion {
                    hook::report(&Unraisable::new(
                        name,
                        format!("{} (ended an iteration, never taken)", e.describe()),
                    ));
                }
            }
        }
    }
}
