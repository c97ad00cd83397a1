//! A body's `print`: [`say`] writes into the timeline during a recorded call,
//! to stdout anywhere else.

use std::cell::RefCell;
use std::fmt::Display;

thread_local! {
    // The lines said by bodies during the current recorded call, if any.
    static SINK: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// A body's `print`: into the timeline during a recorded call, else to stdout.
pub fn say(line: impl Display) {
    let line = line.to_string();
    let unrecorded = SINK.with(|sink| match sink.borrow_mut().as_mut() {
        Some(lines) => {
            lines.push(line);
            None
        }
        None => Some(line),
    });
    if let Some(line) = unrecorded {
        println!("{line}");
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
pub(crate) fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    struct Restore(Option<Option<Vec<String>>>);
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
        assert_eq!(lines, ["inner"]);
        assert_eq!(outer, ["outer 1", "outer 2"]);
        SINK.with(|s| assert!(s.borrow().is_none(), "no sink left behind"));
    }
}
