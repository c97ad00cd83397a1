//! A body's `print`: [`say`] writes into the timeline during a recorded call,
//! to stdout anywhere else.

use std::cell::RefCell;
use std::fmt::Display;

use super::Depth;

/// What a body reported during a recorded call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Said {
    /// A printed line.
    Line(String),
    /// Code one level deeper starts running (see [`enter`]).
    Enter(String, Depth),
    /// It is done.
    Leave,
}

thread_local! {
    // What bodies said during the current recorded call, if any.
    static SINK: RefCell<Option<Vec<Said>>> = const { RefCell::new(None) };
}

/// Records `said` if a recording is under way; gives it back if not.
fn record(said: Said) -> Option<Said> {
    SINK.with(|sink| match sink.borrow_mut().as_mut() {
        Some(all) => {
            all.push(said);
            None
        }
        None => Some(said),
    })
}

/// A body's `print`: into the timeline during a recorded call, else to stdout.
pub fn say(line: impl Display) {
    if let Some(Said::Line(line)) = record(Said::Line(line.to_string())) {
        println!("{line}");
    }
}

/// Marks that `name` (a sub-generator, or a plain function called by the
/// body) runs one level deeper until the returned guard is dropped, so the
/// timeline can draw who runs at which depth. Outside a recording it does
/// nothing.
pub fn enter(name: impl Display, how: Depth) -> Level {
    let recorded = record(Said::Enter(name.to_string(), how)).is_none();
    Level { recorded }
}

/// The guard of [`enter`]: leaving the level when dropped.
#[derive(Debug)]
#[must_use = "the level ends when this guard is dropped"]
pub struct Level {
    recorded: bool,
}

impl Drop for Level {
    fn drop(&mut self) {
        if self.recorded {
            let _ = record(Said::Leave);
        }
    }
}

/// `say!("Take {}", x)`: [`say`](fn@crate::trace::say) with `format!` arguments.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::trace::say(::std::format_args!($($arg)*))
    };
}

/// Runs `f`, collecting what bodies [`say`] meanwhile (nesting-safe).
pub(crate) fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<Said>) {
    struct Restore(Option<Option<Vec<Said>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                SINK.with(|sink| *sink.borrow_mut() = previous);
            }
        }
    }
    let previous = SINK.with(|sink| sink.borrow_mut().replace(Vec::new()));
    let mut restore = Restore(Some(previous));
    let out = f();
    let lines = SINK
        .with(|sink| sink.borrow_mut().take())
        .unwrap_or_default();
    if let Some(previous) = restore.0.take() {
        SINK.with(|sink| *sink.borrow_mut() = previous);
    }
    (out, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_nests_and_restores() {
        let (lines, outer) = capture(|| {
            say("outer 1");
            let ((), inner) = capture(|| say("inner"));
            say("outer 2");
            inner
        });
        let line = |s: &str| Said::Line(s.to_owned());
        assert_eq!(lines, [line("inner")]);
        assert_eq!(outer, [line("outer 1"), line("outer 2")]);
        SINK.with(|s| assert!(s.borrow().is_none(), "no sink left behind"));
    }
}
