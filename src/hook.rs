//! Where errors go that cannot be raised: Python's `sys.unraisablehook`.
//!
//! A generator closed by `Drop` (rule R16) has nobody to report to. Like
//! CPython, pygen never lets such an error escape a destructor; it hands it to
//! a hook, which by default writes one line to stderr:
//!
//! ```text
//! Exception ignored in: <generator my_crate::numbers::stackless>: generator ignored GeneratorExit
//! ```
//!
//! [`set_unraisable_hook`] replaces that default (tests use it to assert that
//! nothing was reported, services to log it their way) and
//! [`reset_unraisable_hook`] restores it.

use std::any::Any;
use std::fmt;
use std::io::Write;
use std::sync::{Arc, RwLock};

/// An error that happened where it could not be raised (while a generator was
/// being dropped). `Display` gives the line the default hook writes:
///
/// ```
/// use pygen::Unraisable;
///
/// let u = Unraisable {
///     generator: "my_crate::numbers::stackful",
///     message: "generator ignored GeneratorExit".to_string(),
/// };
/// assert_eq!(
///     u.to_string(),
///     "Exception ignored in: <generator my_crate::numbers::stackful>: generator ignored GeneratorExit"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unraisable {
    /// The generator's name: the path of its body (for a `#[generator]` fn,
    /// e.g. `my_crate::numbers::stackful`).
    pub generator: &'static str,
    /// What went wrong, e.g. `generator ignored GeneratorExit`.
    pub message: String,
}

impl Unraisable {
    pub(crate) fn new(generator: &'static str, message: String) -> Self {
        Unraisable { generator, message }
    }
}

impl fmt::Display for Unraisable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Exception ignored in: <generator {}>: {}",
            self.generator, self.message
        )
    }
}

// An `Arc`, so that `report` can take the hook out of the lock before calling
// it: a hook may then replace or reset the hook (as a Python hook may assign
// `sys.unraisablehook`) without deadlocking on the lock `report` would hold.
type Hook = Arc<dyn Fn(&Unraisable) + Send + Sync>;

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// Replaces the process-wide hook that receives [`Unraisable`] errors.
///
/// The hook runs on the thread that dropped the generator, inside `Drop`. If
/// it panics, the panic is caught and the report goes to stderr instead:
/// dropping a generator never panics (a panic escaping a destructor while the
/// thread is already unwinding would abort the process). The hook may itself
/// call `set_unraisable_hook` or [`reset_unraisable_hook`]; the change applies
/// from the next report on.
///
/// A body error or a panic while closing is reported as well (`panic: ` and
/// the panic's message), and so is an error that ended a `for` loop but was
/// never [taken](crate::Generator::take_completion).
///
/// ```standalone_crate
/// # #[cfg(feature = "stackful")] {
/// use pygen::Stackful;
/// use std::sync::Mutex;
///
/// static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// pygen::set_unraisable_hook(|u| SEEN.lock().unwrap().push(u.message.clone()));
///
/// // def stubborn():
/// //     while True:
/// //         try:
/// //             yield 1
/// //         except GeneratorExit:
/// //             pass
/// // g = stubborn(); next(g); del g
/// // -> Exception ignored in: <generator object stubborn at 0x...>
/// //    RuntimeError: generator ignored GeneratorExit
/// let mut g = Stackful::<i32>::new(|co| loop {
///     let _ = co.yield_(1);
/// });
/// g.next();
/// drop(g); // closes it; the error has nowhere to go but the hook
/// assert_eq!(*SEEN.lock().unwrap(), ["generator ignored GeneratorExit"]);
/// pygen::reset_unraisable_hook();
/// # }
/// ```
pub fn set_unraisable_hook(hook: impl Fn(&Unraisable) + Send + Sync + 'static) {
    replace_hook(Some(Arc::new(hook)));
}

/// Restores the default hook (one line on stderr).
///
/// ```standalone_crate
/// # #[cfg(feature = "stackful")] {
/// use pygen::Stackful;
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// static REPORTS: AtomicUsize = AtomicUsize::new(0);
/// let stubborn = || {
///     let mut g = Stackful::<i32>::new(|co| loop {
///         let _ = co.yield_(1);
///     });
///     g.next();
///     g
/// };
/// pygen::set_unraisable_hook(|_| {
///     REPORTS.fetch_add(1, Ordering::Relaxed);
/// });
/// drop(stubborn());
/// assert_eq!(REPORTS.load(Ordering::Relaxed), 1);
/// pygen::reset_unraisable_hook();
/// drop(stubborn()); // reported on stderr, not to the old hook
/// assert_eq!(REPORTS.load(Ordering::Relaxed), 1);
/// # }
/// ```
pub fn reset_unraisable_hook() {
    replace_hook(None);
}

fn replace_hook(new: Option<Hook>) {
    let old = std::mem::replace(&mut *HOOK.write().unwrap_or_else(|p| p.into_inner()), new);
    // Dropped after the lock is released: the old hook's captured values may
    // have destructors that report or set a hook themselves.
    drop(old);
}

pub(crate) fn report(u: &Unraisable) {
    let hook = HOOK.read().unwrap_or_else(|p| p.into_inner()).clone();
    match hook {
        Some(h) => {
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h(u))).is_err() {
                to_stderr(format_args!("{u} (the unraisable hook panicked)"));
            }
        }
        None => to_stderr(format_args!("{u}")),
    }
}

/// One line on stderr. Unlike `eprintln!`, never panics: a report that cannot
/// be written (stderr closed, a full disk) is dropped, as CPython's default
/// hook does, because a panic here would escape a destructor.
fn to_stderr(line: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "Box<dyn Any>".to_owned()
    }
}
