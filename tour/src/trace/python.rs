//! Python's spelling of what the recorder sees: values as `repr` prints
//! them, outcomes as the caller experiences them in Python.

use pygen::Error;
use std::fmt::Debug;

/// A value's Python `repr`, from its Rust `Debug` text: strings in single
/// quotes, `()` as `None`, `true`/`false` as `True`/`False`. Numbers, lists
/// and exception class names read the same in both languages.
pub fn py_repr(value: &impl Debug) -> String {
    py_from_debug(&format!("{value:?}"))
}

/// [`py_repr`] on text that is already a `Debug` rendering.
pub fn py_from_debug(debug: &str) -> String {
    match debug {
        "()" => return "None".to_owned(),
        "true" => return "True".to_owned(),
        "false" => return "False".to_owned(),
        _ => {}
    }
    // Re-quote every string literal: "it's" -> "it's", "Pen" -> 'Pen'.
    let mut out = String::with_capacity(debug.len());
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        let mut literal = String::new();
        let mut escaped = false;
        for c in chars.by_ref() {
            if escaped {
                literal.push('\\');
                literal.push(c);
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                break;
            } else {
                literal.push(c);
            }
        }
        let literal = literal.replace("\\\"", "\"");
        if literal.contains('\'') && !literal.contains('"') {
            out.push('"');
            out.push_str(&literal);
            out.push('"');
        } else {
            out.push('\'');
            out.push_str(&literal.replace('\'', "\\'"));
            out.push('\'');
        }
    }
    out
}

/// The Python exception a caller sees for `error`, with CPython's message:
/// `ValueError`, `TypeError: can't send non-None value to a just-started generator`.
pub fn py_exception<E: Debug>(error: &Error<E>) -> String {
    let class = match error {
        Error::Raised(e) => return py_from_debug(&format!("{e:?}")),
        Error::GeneratorExit => return "GeneratorExit".to_owned(),
        Error::StopIteration => return "StopIteration".to_owned(),
        Error::RaisedStopIteration | Error::IgnoredGeneratorExit => "RuntimeError",
        Error::SendToJustStarted => "TypeError",
        Error::AlreadyExecuting => "ValueError",
        Error::IteratorCannotSend { .. } => "AttributeError",
    };
    // A protocol error's `Display` is CPython's message.
    format!("{class}: {}", error.as_ref().map_raised(|_| ""))
}

/// How a body's return value reaches a Python caller of `next`/`send`/`throw`.
pub fn py_stop_iteration(value: &str) -> String {
    match value {
        "()" | "None" => "StopIteration".to_owned(),
        debug => format!("StopIteration(value={})", py_from_debug(debug)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_read_as_python_prints_them() {
        assert_eq!(py_repr(&5u32), "5");
        assert_eq!(py_repr(&"Pen"), "'Pen'");
        assert_eq!(py_repr(&vec!["Pen", "it's"]), "['Pen', \"it's\"]");
        assert_eq!(py_repr(&()), "None");
        assert_eq!(py_repr(&"say \"hi\""), "'say \"hi\"'");
        assert_eq!(py_stop_iteration("()"), "StopIteration");
        assert_eq!(py_stop_iteration("\"done\""), "StopIteration(value='done')");
    }

    #[test]
    fn protocol_errors_are_named_as_cpython_names_them() {
        let e: Error<u8> = Error::SendToJustStarted;
        assert_eq!(
            py_exception(&e),
            "TypeError: can't send non-None value to a just-started generator"
        );
        assert_eq!(py_exception(&Error::Raised("boom")), "'boom'");
        assert_eq!(
            py_exception(&Error::<u8>::IgnoredGeneratorExit),
            "RuntimeError: generator ignored GeneratorExit"
        );
        let iterator = pygen::TypeName::of::<std::vec::IntoIter<&str>>();
        assert_eq!(
            py_exception(&Error::<u8>::IteratorCannotSend { iterator }),
            "AttributeError: 'IntoIter<&str>' object has no attribute 'send'"
        );
    }
}
