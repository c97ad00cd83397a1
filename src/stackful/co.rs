//! The body's handle: `yield`, and `yield from` through a frame on the stack.

use crate::delegate::chain::StackFrame;
use crate::{Delegate, Error, Resume};
use corosensei::Yielder;
use std::cell::Cell;
use std::convert::Infallible;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

/// The body's handle to its own generator: [`yield_`](crate::Co::yield_) suspends it.
///
/// Pass `&Co` down to ordinary functions to let them yield for the generator.
/// `Co<Y, S, E>`: yields `Y`, receives `S`, raises `E`, as the generator's
/// types say.
///
/// ```
/// use pygen::{Co, Error, Stackful};
/// use std::convert::Infallible;
///
/// enum Tree {
///     Leaf(i32),
///     Node(Vec<Tree>),
/// }
///
/// // def walk(tree):
/// //     if isinstance(tree, int):
/// //         yield tree
/// //     else:
/// //         for child in tree:
/// //             yield from walk(child)
/// fn walk(co: &Co<i32>, tree: &Tree) -> Result<(), Error<Infallible>> {
///     match tree {
///         Tree::Leaf(v) => {
///             co.yield_(*v)?; // no `yield from` per level: the whole stack suspends
///         }
///         Tree::Node(children) => {
///             for child in children {
///                 walk(co, child)?;
///             }
///         }
///     }
///     Ok(())
/// }
///
/// let tree = Tree::Node(vec![Tree::Leaf(1), Tree::Node(vec![Tree::Leaf(2), Tree::Leaf(3)])]);
/// let g = Stackful::new(move |co| walk(co, &tree));
/// assert_eq!(g.collect::<Vec<_>>(), [1, 2, 3]);
/// ```
#[repr(transparent)]
pub struct Co<Y, S = (), E = Infallible> {
    yielder: Yielder<Resume<S, E>, MaybeUninit<Y>>,
}

impl<Y, S, E> Co<Y, S, E> {
    pub(super) fn from_yielder(yielder: &Yielder<Resume<S, E>, MaybeUninit<Y>>) -> &Self {
        // SAFETY: `Co` is `repr(transparent)` over exactly this `Yielder`
        // type, so the two references have the same layout and validity.
        unsafe { &*(yielder as *const Yielder<Resume<S, E>, MaybeUninit<Y>>).cast::<Self>() }
    }

    /// Python's `yield value`: suspends the generator (from however deep in
    /// the call stack) and evaluates to what the caller resumes it with — see
    /// [`Resume`](crate::Resume). Write `co.yield_(v)?` to let throw and close propagate.
    ///
    /// ```
    /// use pygen::{Error, Generator, Outcome, Stackful};
    ///
    /// // def running_total():
    /// //     total = 0
    /// //     while True:
    /// //         x = yield total
    /// //         if x is None:
    /// //             return total
    /// //         total += x
    /// let mut g = Stackful::<i32, i32, i32>::new(|co| {
    ///     let mut total = 0;
    ///     loop {
    ///         match co.yield_(total)? {
    ///             Some(x) => total += x, // send(x)
    ///             None => return Ok(total), // next()
    ///         }
    ///     }
    /// });
    /// assert_eq!(g.resume(), Ok(Outcome::Yielded(0)));
    /// assert_eq!(g.send(5), Ok(Outcome::Yielded(5)));
    /// assert_eq!(g.send(10), Ok(Outcome::Yielded(15)));
    /// assert_eq!(g.resume(), Ok(Outcome::Returned(15)));
    ///
    /// // A close raises GeneratorExit at the yield; `?` lets it propagate.
    /// let mut g = Stackful::<i32, i32, i32>::new(|co| {
    ///     let r = co.yield_(1);
    ///     assert_eq!(r, Err(Error::GeneratorExit));
    ///     r?;
    ///     Ok(0)
    /// });
    /// g.next();
    /// assert_eq!(g.close(), Ok(None));
    /// ```
    #[inline]
    pub fn yield_(&self, value: Y) -> Resume<S, E> {
        self.yielder.suspend(MaybeUninit::new(value))
    }

    /// Python's `yield from`: runs `sub` (a generator of either backend, or
    /// [`iter`](crate::iter)`(iterable)`; use [`delegate!`](crate::delegate) to
    /// accept both kinds in one spelling) until it ends, forwarding resume,
    /// send, throw and close, and evaluates to its output (rules R21–R31):
    /// `Option<R>` for a generator (`None` if it was already exhausted), `()`
    /// for an iterator.
    ///
    /// ```
    /// use pygen::{Generator, Outcome, Stackful};
    ///
    /// // def inner():
    /// //     x = yield "inner 1"
    /// //     yield f"inner got {x}"
    /// //     return "inner result"
    /// let inner = || {
    ///     Stackful::<String, String, &str>::new(|co| {
    ///         let x = co.yield_("inner 1".into())?;
    ///         co.yield_(format!("inner got {}", x.unwrap_or_default()))?;
    ///         Ok("inner result")
    ///     })
    /// };
    /// // def outer():
    /// //     r = yield from inner()
    /// //     yield f"outer got {r}"
    /// //     yield from ["a", "b"]
    /// let mut g = Stackful::<String, String>::new(move |co| {
    ///     let r = co.yield_from(inner())?;
    ///     co.yield_(format!("outer got {}", r.unwrap()))?;
    ///     co.yield_from(pygen::iter(["a", "b"].map(String::from)))?;
    ///     Ok(())
    /// });
    /// assert_eq!(g.next().as_deref(), Some("inner 1"));
    /// // send goes through to inner's paused yield
    /// assert_eq!(g.send("x".into()), Ok(Outcome::Yielded("inner got x".into())));
    /// assert_eq!(g.next().as_deref(), Some("outer got inner result"));
    /// assert_eq!(g.collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn yield_from<D>(&self, sub: D) -> Result<D::Output, Error<E>>
    where
        D: Delegate<S, E, Yield = Y>,
    {
        // The frame stays on this stack, in place, until the generator that
        // drives the chain resumes this body after `sub` ended (one hop per
        // value at any depth; see `crate::delegate`).
        let mut frame = StackFrame::new(sub);
        let link = frame.link();
        // Handed over beside the switch: set right before suspending, read
        // by the resume this suspend returns to (nothing runs in between),
        // which then knows the yielded value is not one.
        HANDED_UP.set(Some(link.ptr().cast()));
        let _ = self.yielder.suspend(MaybeUninit::uninit());
        frame.take()
    }
}

impl<Y, S, E> std::fmt::Debug for Co<Y, S, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Co").finish_non_exhaustive()
    }
}

thread_local! {
    /// The frame a stackful body hands up as it suspends inside `yield
    /// from` (see [`Co::yield_from`]); taken by [`handed_up`] in the resume
    /// that the suspend returns to.
    static HANDED_UP: Cell<Option<NonNull<()>>> = const { Cell::new(None) };
}

/// The frame the body just handed up, if its suspend was a `yield from`.
#[inline(always)]
pub(super) fn handed_up() -> Option<NonNull<()>> {
    let frame = HANDED_UP.get();
    if frame.is_some() {
        HANDED_UP.set(None);
    }
    frame
}
