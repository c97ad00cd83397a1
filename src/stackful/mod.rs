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
//! Dropping a generator that never started drops its body closure, and with
//! it what the closure captured, exactly as on the stackless backend: a
//! destructor that panics there panics out of the drop, once every captured
//! value has been dropped (once).
//!
//! Dropping a generator that ignored its close unwinds its stack (Rust
//! destructors run); a destructor that panics during that unwind aborts the
//! process, as any panic during unwinding does (on the stackless backend the
//! same panic is caught and reported to the drop hook). A `catch_unwind`
//! inside a body must therefore re-raise payloads it does not own, or it will
//! swallow that unwind.
//!
//! # Signal handlers: this backend installs one for the whole process
//!
//! On Linux, the first stackful stack mapped in a process (when the first
//! stackful generator is created, on any thread) installs a **process-wide
//! handler for SIGSEGV and SIGBUS**, and each thread that maps a stack gets an
//! alternate signal stack if it has none. The handler exists for one message:
//! when a generator overflows its stack into the guard page below it, the
//! process stops (SIGABRT) after writing to stderr
//!
//! ```text
//! pygen: a stackful generator overflowed its 65536-byte stack (fault at 0x7f..., in its guard page).
//! pygen: give it a bigger stack with Stackful::with_stack_size(bytes, body); the default is pygen::stackful::stack::DEFAULT_STACK_SIZE (65536 bytes).
//! ```
//!
//! instead of dying with a bare segmentation fault. Any other fault is handed
//! to the action that was installed before pygen's (Rust's own stack overflow
//! reporter, a sanitizer's, an embedder's handler, or the default action):
//! pygen restores it and the faulting instruction runs again under it. A
//! handler installed after pygen's replaces it (overflows then reach that
//! handler as ordinary faults).
//!
//! An embedder that owns SIGSEGV/SIGBUS (a language runtime, a JIT, a crash
//! reporter) turns this off with
//! [`stack::set_overflow_handler(false)`](stack::set_overflow_handler) before
//! it creates its first stackful generator: pygen then changes no signal
//! disposition and installs no alternate signal stack, and an overflow is
//! whatever the embedder's own handling makes of a SIGSEGV. Turned off later,
//! the installed handler stays but claims no fault: each goes to the action
//! that was in place before pygen's.
//!
//! On other systems no handler is installed: an overflow hits the guard page
//! and the process dies with the system's plain SIGSEGV.

mod co;
#[cfg(target_os = "linux")]
mod overflow;
pub mod stack;

pub use co::Co;

use crate::delegate::chain::{Ptr, RootSlot};
use crate::machine::{BodyStep, Gen, RawStep, Resumable};
use crate::{Error, Resume};
use corosensei::{Coroutine, CoroutineResult};
use std::convert::Infallible;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::mem::MaybeUninit;
use std::panic::{self, AssertUnwindSafe};

/// A generator on the stackful backend, yielding `Y`, receiving `S`, returning
/// `R`, raising `E`. See the [module docs](self).
pub type Stackful<Y, S = (), R = (), E = Infallible> = Gen<Body<Y, S, R, E>>;

/// The largest body closure corosensei copies onto a new stack (it panics,
/// "type is too big to transfer", above); a larger one is boxed.
const MAX_INLINE_BODY: usize = 1024;

/// A stackful generator's frames live on its own stack, which stays on the
/// thread that made it: create the generator on the thread that runs it, or
/// use the stackless backend (`Send` when its state is).
pub trait CreateItOnTheThreadThatRunsItOrUseTheStacklessBackend {}

type Raw<Y, S, R, E> =
    Coroutine<Resume<S, E>, MaybeUninit<Y>, Result<R, Error<E>>, stack::PoolStack>;

/// The stackful [`Resumable`]: a corosensei coroutine on a pooled stack.
///
/// A [`Stackful`] generator is a [`Gen`] over this body; user code writes
/// `Stackful<Y, S, R, E>`, which is the same type:
///
/// ```
/// use pygen::{Gen, Stackful, stackful::Body};
/// use std::convert::Infallible;
///
/// let g: Gen<Body<i32, (), (), Infallible>> = Stackful::new(|co| {
///     co.yield_(1)?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), [1]);
/// ```
pub struct Body<Y, S, R, E> {
    /// Not `Send`, with a name that says why, so that a stackful generator
    /// sent to another thread is refused with this name first.
    _thread: PhantomData<dyn CreateItOnTheThreadThatRunsItOrUseTheStacklessBackend>,
    // Invariant: always initialised; taken only in `drop`.
    coroutine: ManuallyDrop<Raw<Y, S, R, E>>,
    /// The body closure's type name, for reports.
    name: &'static str,
    /// `Some` while the body is suspended in `yield from`: its root frame,
    /// on the body's stack.
    link: RootSlot<Y, S, E>,
}

impl<Y, S, R, E: std::fmt::Debug> Resumable for Body<Y, S, R, E> {
    type Yield = Y;
    type Send = S;
    type Return = R;
    type Error = E;

    fn resume(&mut self, arg: Resume<S, E>) -> RawStep<Y, Result<R, Error<E>>> {
        self.__resume(arg).into_raw()
    }

    #[inline(always)]
    fn __resume(&mut self, arg: Resume<S, E>) -> BodyStep<Self> {
        if self.coroutine.done() {
            // SAFETY: a `Body` lives only inside its `Gen` (its fields are
            // private, and `Gen` never hands it out), which resumes it only
            // while the body is not finished (`Resumable`'s contract): a
            // finished body is Closed or Abandoned. Said here, the check
            // corosensei's `resume` makes is gone from every resume.
            unsafe { std::hint::unreachable_unchecked() }
        }
        match self.coroutine.resume(arg) {
            CoroutineResult::Yield(value) => match co::handed_up() {
                None => {
                    // SAFETY: a suspend hands a frame up (and yields no
                    // value) only with `handed_up` set (`Co::yield_from`);
                    // every other suspend yields an initialised value
                    // (`Co::yield_`).
                    BodyStep::Yielded(unsafe { value.assume_init() })
                }
                Some(frame) => {
                    // The frame is this body's, of its own types: it was
                    // handed up by the suspend this resume returned from.
                    self.link.0 = Some(frame.cast());
                    BodyStep::Delegating
                }
            },
            CoroutineResult::Return(r) => BodyStep::Complete(r),
        }
    }

    const __IN_MEMORY: bool = true;
    const __DELEGATES: bool = true;

    fn __link(&self) -> Option<Ptr<Y, S, E>> {
        self.link.0
    }

    fn name(&self) -> &'static str {
        self.name
    }
}

impl<Y, S, R, E> Drop for Body<Y, S, R, E> {
    /// Destroys what is left of the body, gives the stack back to the pool,
    /// then lets a panic from a destructor continue (as dropping the body's
    /// state by hand would; the generator's own drop reports it).
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `coroutine` is initialised (field invariant) and this is the
        // only place that takes it; it is not used after.
        let coroutine = unsafe { ManuallyDrop::take(&mut self.coroutine) };
        if coroutine.done() {
            // The common case, inline: the body ran to its end (it returned,
            // raised, or was closed), nothing is left on its stack.
            stack::give_back(coroutine.into_stack());
        } else {
            Self::drop_unfinished(coroutine);
        }
    }
}

impl<Y, S, R, E> Body<Y, S, R, E> {
    /// [`drop`](Drop::drop) for the coroutine of a body that never started
    /// or is suspended.
    #[cold]
    #[inline(never)]
    fn drop_unfinished(mut coroutine: Raw<Y, S, R, E>) {
        // A body that never started: drops the closure (its captured state).
        // A suspended one (it ignored GeneratorExit): unwinds its stack, so
        // its destructors run. A destructor that panics in the first case
        // comes out here; in the second it aborts (a panic during an unwind).
        let unwound = panic::catch_unwind(AssertUnwindSafe(|| coroutine.force_unwind()));
        if !coroutine.started() && !coroutine.done() {
            // The closure's destructor panicked. Drop glue had dropped every
            // captured value before the panic left it, but corosensei marks
            // the coroutine done only after a clean drop: dropping it as it
            // is would drop the closure a second time.
            // SAFETY: nothing on the stack needs dropping any more: the
            // closure was the only value on it, and it has been dropped.
            unsafe { coroutine.force_reset() };
        }
        if coroutine.done() {
            stack::give_back(coroutine.into_stack());
        } else {
            // Not reachable: corosensei marks a started coroutine done before
            // any panic leaves `force_unwind`. Were it not, the stack could
            // still hold live values: leak it rather than free it under them.
            std::mem::forget(coroutine);
        }
        if let Err(payload) = unwound {
            panic::resume_unwind(payload);
        }
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
    /// The type parameters are `Stackful<Y, S = (), R = (), E = Infallible>`;
    /// name the ones the body does not pin down.
    ///
    /// ```
    /// use pygen::{Generator, GeneratorState, Outcome, Stackful};
    /// use std::{cell::Cell, rc::Rc};
    ///
    /// let ran = Rc::new(Cell::new(false));
    /// let flag = ran.clone();
    /// // def gen():
    /// //     ran = True
    /// //     yield "a"
    /// //     return 1
    /// let mut g = Stackful::<&str, (), i32>::new(move |co| {
    ///     flag.set(true);
    ///     co.yield_("a")?;
    ///     Ok(1)
    /// });
    /// assert!(!ran.get()); // gen() runs nothing
    /// assert_eq!(g.state(), GeneratorState::Created);
    /// assert_eq!(g.resume(), Ok(Outcome::Yielded("a")));
    /// assert!(ran.get());
    /// assert_eq!(g.resume(), Ok(Outcome::Returned(1)));
    /// ```
    ///
    /// # Panics
    ///
    /// If no stack is pooled and the system refuses to map a new one: out of
    /// memory, or (Linux) at the per-process limit on memory mappings,
    /// `vm.max_map_count` (each stack takes two, so the default 65,530 allows
    /// about 32,700 live stacks). The message says which, and what to do;
    /// [`try_with_stack_size`](Self::try_with_stack_size) returns it as an
    /// error instead.
    #[inline]
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
    /// ```
    /// use pygen::{Co, Error, Stackful};
    /// use std::convert::Infallible;
    ///
    /// fn countdown(co: &Co<u32>, n: u32) -> Result<(), Error<Infallible>> {
    ///     if n > 0 {
    ///         co.yield_(n)?;
    ///         countdown(co, n - 1)?; // one frame per level, all on this stack
    ///     }
    ///     Ok(())
    /// }
    ///
    /// let g = Stackful::with_stack_size(1 << 20, |co| countdown(co, 2_000));
    /// assert_eq!(g.count(), 2_000);
    /// ```
    ///
    /// # Panics
    ///
    /// As [`new`](Self::new), and for a `size` larger than any address space.
    #[inline]
    pub fn with_stack_size<F>(size: usize, body: F) -> Self
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        // Not through `try_with_stack_size`: with no `Result` to build and
        // test, a pooled stack goes straight into the generator.
        let stack = match stack::take_pooled(size) {
            Some(stack) => stack,
            None => match stack::take_fresh(size) {
                Ok(stack) => stack,
                Err(e) => panic!("pygen: {e}"),
            },
        };
        Self::on_stack(stack, body)
    }

    /// Like [`with_stack_size`](Self::with_stack_size), returning an error
    /// where it would panic. Never panics.
    ///
    /// # Errors
    ///
    /// [`InvalidInput`](std::io::ErrorKind::InvalidInput) for a `size` larger
    /// than any address space; otherwise the system's error for the mapping
    /// (usually [`OutOfMemory`](std::io::ErrorKind::OutOfMemory)), its message
    /// saying which limit was hit and what to do.
    ///
    /// ```
    /// use pygen::Stackful;
    /// use std::io::ErrorKind;
    ///
    /// let g = Stackful::<i32>::try_with_stack_size(256 * 1024, |co| {
    ///     co.yield_(1)?;
    ///     Ok(())
    /// });
    /// assert_eq!(g.unwrap().collect::<Vec<_>>(), [1]);
    ///
    /// let too_big = Stackful::<i32>::try_with_stack_size(usize::MAX, |_| Ok(()));
    /// let err = too_big.err().unwrap();
    /// assert_eq!(err.kind(), ErrorKind::InvalidInput);
    /// assert_eq!(
    ///     err.to_string(),
    ///     format!(
    ///         "a stack of {} bytes is larger than any address space (at most {} bytes)",
    ///         usize::MAX,
    ///         isize::MAX
    ///     )
    /// );
    /// ```
    pub fn try_with_stack_size<F>(size: usize, body: F) -> std::io::Result<Self>
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        let stack = match stack::take_pooled(size) {
            Some(stack) => stack,
            None => stack::take_fresh(size)?,
        };
        Ok(Self::on_stack(stack, body))
    }

    /// A Created generator running `body` on `stack`.
    #[inline(always)]
    fn on_stack<F>(stack: stack::PoolStack, body: F) -> Self
    where
        F: FnOnce(&Co<Y, S, E>) -> Result<R, Error<E>> + 'static,
    {
        let coroutine = if std::mem::size_of::<F>() <= MAX_INLINE_BODY {
            Coroutine::with_stack(stack, move |yielder, _first| {
                body(Co::from_yielder(yielder))
            })
        } else {
            // Too big to copy onto the stack: the stack holds a box instead.
            let body = Box::new(body);
            Coroutine::with_stack(stack, move |yielder, _first| {
                body(Co::from_yielder(yielder))
            })
        };
        Gen::from_backend(Body {
            _thread: PhantomData,
            coroutine: ManuallyDrop::new(coroutine),
            name: std::any::type_name::<F>(),
            link: RootSlot::EMPTY,
        })
    }
}

impl<Y, S, R, E> std::fmt::Debug for Body<Y, S, R, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}
