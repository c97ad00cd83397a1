//! The stackful backend: each generator runs on its own stack (corosensei).
//!
//! A body is an ordinary closure that receives a [`Co`] handle; `co.yield_(v)`
//! suspends the whole stack, so it works from any depth of ordinary function
//! calls and recursion — the thing a stackless coroutine cannot do:
//!
//! ```
//! use pygen::{Co, Error, Stackful};
//!
//! fn countdown(co: &Co<u32>, n: u32) -> Result<(), Error<std::convert::Infallible>> {
//!     if n > 0 {
//!         co.yield_(n)?; // a plain function, yielding for its caller's generator
//!         countdown(co, n - 1)?;
//!     }
//!     Ok(())
//! }
//!
//! let g = Stackful::new(|co| countdown(co, 3));
//! assert_eq!(g.collect::<Vec<_>>(), [3, 2, 1]);
//! ```
//!
//! Stacks come from a per-thread [pool](stack) (default size
//! [`DEFAULT_STACK_SIZE`](stack::DEFAULT_STACK_SIZE)); creating a generator with
//! a pooled stack costs nanoseconds instead of an `mmap`. Bodies must be
//! `'static` (they outlive the call that creates them), and stackful
//! generators are `!Send`: a stack can't move between threads.
//!
//! ```compile_fail
//! fn assert_send<T: Send>(_: T) {}
//! assert_send(pygen::Stackful::<u8>::new(|co| { co.yield_(1)?; Ok(()) }));
//! ```
//!
//! Dropping a generator that ignored its close unwinds its stack (Rust
//! destructors run); a destructor that panics during that unwind aborts the
//! process, as any panic during unwinding does (on the stackless backend the
//! same panic is caught and reported to the drop hook). A `catch_unwind` inside a body must therefore re-raise
//! payloads it does not own, or it will swallow that unwind.

#[cfg(target_os = "linux")]
mod overflow;
pub mod stack;

use crate::delegate::{Delegation, Slot};
use crate::machine::{Gen, RawStep, Resumable};
use crate::{Delegate, Error, Resume};
use corosensei::{Coroutine, CoroutineResult, Yielder};
use std::convert::Infallible;
use std::mem::ManuallyDrop;

/// A generator on the stackful backend, yielding `Y`, receiving `S`, returning
/// `R`, raising `E`. See the [module docs](self).
pub type Stackful<Y, S = (), R = (), E = Infallible> = Gen<Body<Y, S, R, E>>;

type Raw<Y, S, R, E> = Coroutine<Resume<S, E>, Y, Result<R, Error<E>>, stack::PoolStack>;

/// The stackful [`Resumable`]: a corosensei coroutine on a pooled stack.
pub struct Body<Y, S, R, E> {
    // Invariant: always initialised; taken only in `drop`.
    coroutine: ManuallyDrop<Raw<Y, S, R, E>>,
    /// The body closure's type name, for reports.
    name: &'static str,
}

/// The body's handle to its own generator: [`yield_`](Co::yield_) suspends it.
///
/// Pass `&Co` down to ordinary functions to let them yield for the generator.
#[repr(transparent)]
pub struct Co<Y, S = (), E = Infallible> {
    yielder: Yielder<Resume<S, E>, Y>,
}

impl<Y, S, E> Co<Y, S, E> {
    fn from_yielder(yielder: &Yielder<Resume<S, E>, Y>) -> &Self {
        // SAFETY: `Co` is `repr(transparent)` over exactly this `Yielder`
        // type, so the two references have the same layout and validity.
        unsafe { &*(yielder as *const Yielder<Resume<S, E>, Y>).cast::<Self>() }
    }

    /// Python's `yield value`: suspends the generator (from however deep in
    /// the call stack) and evaluates to what the caller resumes it with — see
    /// [`Resume`]. Write `co.yield_(v)?` to let throw and close propagate.
    #[inline]
    pub fn yield_(&self, value: Y) -> Resume<S, E> {
        self.yielder.suspend(value)
    }

    /// Python's `yield from`: runs `sub` (a generator of either backend, or
    /// [`iter`](crate::iter)`(iterable)`; use [`delegate!`](crate::delegate) to
    /// accept both kinds in one spelling) until it ends, forwarding resume,
    /// send, throw and close, and evaluates to its output (rules R21–R31).
    ///
    /// The sub stays on this body's stack (no allocation); after its first
    /// value, the outermost generator resumes the innermost one directly, so
    /// a value costs the same at any depth (see [`Delegate`]).
    pub fn yield_from<D>(&self, sub: D) -> Result<D::Output, Error<E>>
    where
        D: Delegate<S, E, Yield = Y>,
    {
        let mut slot = Slot::new(sub);
        // SAFETY: `slot` lives on this body's stack, which never moves, and
        // outlives `delegation` (declared after it, dropped before it).
        let mut delegation = unsafe { Delegation::in_place(&mut slot) };
        let mut arg = Ok(None);
        loop {
            match delegation.step(arg) {
                RawStep::Yielded(y) => arg = self.yield_(y),
                RawStep::Complete(done) => return done,
            }
        }
    }
}

impl<Y, S, R, E: std::fmt::Debug> Resumable for Body<Y, S, R, E> {
    type Yield = Y;
    type Send = S;
    type Return = R;
    type Error = E;

    #[inline(always)]
    fn resume(&mut self, arg: Resume<S, E>) -> RawStep<Y, Result<R, Error<E>>> {
        match self.coroutine.resume(arg) {
            CoroutineResult::Yield(y) => RawStep::Yielded(y),
            CoroutineResult::Return(r) => RawStep::Complete(r),
        }
    }

    fn name(&self) -> &'static str {
        self.name
    }
}

impl<Y, S, R, E> Drop for Body<Y, S, R, E> {
    fn drop(&mut self) {
        // SAFETY: `coroutine` is initialised (field invariant) and this is the
        // only place that takes it; it is not used after.
        let mut coroutine = unsafe { ManuallyDrop::take(&mut self.coroutine) };
        // Runs the destructors of a body that is still suspended (a body that
        // ignored GeneratorExit, or one never closed), so the stack is free.
        coroutine.force_unwind();
        stack::give_back(coroutine.into_stack());
    }
}

impl<Y, S, R, E> Gen<Body<Y, S, R, E>>
where
    Y: 'static,
    S: 'static,
    R: 'static,
    E: std::fmt::Debug + 'static,
{
    /// A Created generator running `body` on a pooled stack of
    /// [`DEFAULT_STACK_SIZE`](stack::DEFAULT_STACK_SIZE) bytes. No body code
    /// runs yet (R1).
    ///
    /// # Panics
    ///
    /// If no stack is pooled and the system refuses to map a new one (out of
    /// memory); [`try_with_stack_size`](Self::try_with_stack_size) reports that
    /// as an error instead.
    pub fn new<F>(body: F) -> Self
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        Self::with_stack_size(stack::DEFAULT_STACK_SIZE, body)
    }

    /// Like [`new`](Self::new) with a stack of at least `size` usable bytes
    /// (at least [`MIN_STACK_SIZE`](stack::MIN_STACK_SIZE)). Deep recursion in
    /// a body needs about depth × frame size.
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new).
    pub fn with_stack_size<F>(size: usize, body: F) -> Self
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        match Self::try_with_stack_size(size, body) {
            Ok(g) => g,
            Err(e) => panic!("pygen: cannot allocate a {size}-byte generator stack: {e}"),
        }
    }

    /// Like [`with_stack_size`](Self::with_stack_size), reporting a failure to
    /// allocate the stack instead of panicking.
    pub fn try_with_stack_size<F>(size: usize, body: F) -> std::io::Result<Self>
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        let stack = stack::take(size)?;
        let coroutine = Coroutine::with_stack(stack, move |yielder, _first| {
            body(Co::from_yielder(yielder))
        });
        Ok(Gen::from_backend(Body {
            coroutine: ManuallyDrop::new(coroutine),
            name: std::any::type_name::<F>(),
        }))
    }
}
