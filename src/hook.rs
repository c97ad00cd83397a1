//! Where errors go that cannot be raised: Python's `sys.unraisablehook`.
//!
//! A generator closed by `Drop` (rule R16) has nobody to report to. Like
//! CPython, pygen never lets such an error escape a destructor; it hands it to
//! a hook, which by default writes one line to stderr:
//!
//! ```text
//! Exception ignored in: <generator my_crate::numbers::stackless>: generator ignored GeneratorExit
//! ```

use std::any::Any;
use std::fmt;
use std::sync::RwLock;

/// An error that happened where it could not be raised (while a generator was
/// being dropped).
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

type Hook = Box<dyn Fn(&Unraisable) + Send + Sync>;

static HOOK: RwLock<Option<Hook>> = RwLock::new(None);

/// Replaces the process-wide hook that receives [`Unraisable`] errors.
///
/// The hook runs on the thread that dropped the generator, inside `Drop`: it
/// must not panic.
///
/// ```
/// use std::sync::Mutex;
/// static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// pygen::set_unraisable_hook(|u| SEEN.lock().unwrap().push(u.message.clone()));
/// # pygen::reset_unraisable_hook();
/// ```
pub fn set_unraisable_hook(hook: impl Fn(&Unraisable) + Send + Sync + 'static) {
    *HOOK.write().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(hook));
}

/// Restores the default hook (one line on stderr).
pub fn reset_unraisable_hook() {
    *HOOK.write().unwrap_or_else(|p| p.into_inner()) = None;
}

pub(crate) fn report(u: &Unraisable) {
    let hook = HOOK.read().unwrap_or_else(|p| p.into_inner());
    match &*hook {
        Some(h) => h(u),
        None => eprintln!("{u}"),
    }
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
