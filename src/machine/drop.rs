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
        // The common cases inline: nothing to close, or a close that ends the
        // body cleanly, after which the backend is just dropped; so dropping
        // a suspended generator costs what `close()` costs. The rest goes out
        // of line BY VALUE, so the address of a generator never escapes and
        // the optimiser can keep its state in registers (benches/instructions).
        let closing = if self.phase == Phase::Suspended {
            // Taken first: the close may destroy the body (a panic in a
            // `yield from` it entered while closing).
            let raw_name = self.backend.name();
            let closing = panic::catch_unwind(AssertUnwindSafe(|| {
                if B::__IN_MEMORY {
                    // `close_impl` for a Suspended generator, without its
                    // dispatch on the phase, which a backend in memory would
                    // not have inlined.
                    Self::closed(self.run(Err(Error::GeneratorExit)))
                } else {
                    self.close_impl()
                }
            }));
            if matches!(closing, Ok(Ok(_))) && self.phase == Phase::Closed {
                None
            } else if self.phase == Phase::Abandoned {
                // The close destroyed the body (a panic in a `yield from` it
                // entered): `backend` is gone, only the report is left.
                Self::report_closing(raw_name, Some(closing), &None);
                return;
            } else {
                Some((raw_name, Some(closing)))
            }
        } else if matches!(self.phase, Phase::Closed | Phase::Created)
            && !matches!(self.completion, Some(Err(_)))
        {
            None
        } else if self.phase == Phase::Abandoned {
            return;
        } else {
            Some((self.backend.name(), None))
        };
        match closing {
            // SAFETY: `backend` is initialised (not `Abandoned`: the body ran
            // to its end or never started), this is the only place that takes
            // it, and `self` is not used afterwards.
            None => drop(unsafe { ManuallyDrop::take(&mut self.backend) }),
            Some((raw_name, closing)) => Self::drop_slow(
                Gen {
                    // SAFETY: `backend` is initialised (the phase is not
                    // `Abandoned`: that case returned above), it is moved out
                    // once, by value, and `self` is not used afterwards.
                    backend: ManuallyDrop::new(unsafe { ManuallyDrop::take(&mut self.backend) }),
                    phase: self.phase,
                    completion: self.completion.take(),
                },
                raw_name,
                closing,
            ),
        }
    }
}

impl<B: Resumable> Gen<B> {
    /// Closes `g` unless `closing` says how a close already went, reports what
    /// must be reported under the body's `raw_name`, and destroys what is left.
    #[inline(never)]
    fn drop_slow(
        mut g: Self,
        raw_name: &'static str,
        closing: Option<Closing<B::Return, B::Error>>,
    ) {
        let closing = closing.or_else(|| {
            matches!(g.phase, Phase::Suspended | Phase::Delegating)
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
