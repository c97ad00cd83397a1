//! Recording a generator's run as a two-lane timeline, for teaching.
//!
//! A [`Recorder`] drives any [`Generator`](pygen::Generator) (either backend, a
//! [`BoxGenerator`](pygen::BoxGenerator), a `&mut G`) and writes down what
//! happens, in order: the caller's calls, what the body prints through
//! [`say`](fn@say), its `yield`s, its return or error, what the caller gets back, and
//! every change of [`GeneratorState`]. [`Recorder::render`] draws it as two
//! lanes, caller on the left, generator on the right:
//!
//! ```
//! use pygen_tour::trace::{say, Recorder};
//! use pygen::Stackful;
//!
//! let mut rec = Recorder::new();
//! let mut g = rec.create("g", "demo()", || {
//!     Stackful::<&str, String, (), ()>::new(|co| {
//!         let x = co.yield_("Hello")?;
//!         say(format_args!("Take {}", x.unwrap_or_default()));
//!         Ok(())
//!     })
//! });
//! rec.resume(&mut g);
//! rec.send(&mut g, "Care".to_string());
//! assert_eq!(
//!     rec.render(false),
//!     "\
//! caller                                | generator
//! --------------------------------------+--------------------------------------
//! let mut g = demo();                   | [Created]
//! g.resume()                        --> | [Created -> Running]
//!                                       | yield \"Hello\"
//! <-- Yielded(\"Hello\")                  | [Running -> Suspended]
//! g.send(\"Care\")                    --> | [Suspended -> Running]
//!                                       | > Take Care
//!                                       | return ()
//! <-- Returned(())                      | [Running -> Closed]
//! "
//! );
//! ```
//!
//! [`Recorder::render`] names the calls after the Rust API: `g.resume()` is
//! Python's `next(g)`, `g.next()` is the same call through [`Iterator`] (what
//! a `for` loop makes), `g.send(v)`, `g.throw(e)`, `g.close()`, and `drop(g)`
//! is the moment the generator goes away (CPython: its reference count
//! reaches zero). [`Recorder::render_view`] with [`View::python`] speaks
//! Python instead (`next(g)`, `<-- 5`, `raises StopIteration`, `del g`), with
//! the Rust value beside each outcome, and wraps to a width.
//!
//! Drawing your own generator's timeline takes five lines:
//!
//! ```
//! use pygen::{Outcome, Stackful};
//! use pygen_tour::trace::{Recorder, View};
//!
//! let mut rec = Recorder::new();
//! let mut g = rec.create("g", "evens()", || Stackful::<u32>::new(|co| { co.yield_(0)?; co.yield_(2)?; Ok(()) }));
//! while let Ok(Outcome::Yielded(_)) = rec.resume(&mut g) {}
//! print!("{}", rec.render_view(0, &View::python(80), true));
//! # assert!(rec.render_view(0, &View::python(80), true).contains("<-- 2  (Rust: Yielded(2))"));
//! ```
//!
//! `Running` is shown while the body runs. The recorder knows when that is
//! from the protocol (rules R2–R16 of [`pygen::rules`]): a call runs the
//! body exactly when the generator is Suspended, or Created and the call is
//! `resume`/`next`. Anything the body says during creation or a call that
//! does not run it would still appear in the timeline, so the rule is checked
//! by every recording.
//!
//! After a call that leaves the generator suspended inside `yield from`,
//! the timeline shows what it delegates to, outer → inner, as the runtime
//! reports it ([`Generator::delegation_chain`](pygen::Generator::delegation_chain),
//! Python's `gi_yieldfrom`): `yield from: middle() [Suspended] → inner()
//! [Suspended]` (see [`Event::YieldFrom`]).
//!
//! Body output: a body calls [`say`](fn@say) (or [`say!`](macro@crate::say)) where Python
//! calls `print`. During a recorded call the line goes into the timeline;
//! anywhere else it is printed to stdout, so the same body works outside a
//! recording.

mod delegation;
mod outcome;
mod python;
mod recorder;
mod render;
mod say;
mod text;

pub use delegation::{Sub, delegation};
pub use outcome::describe_error;
pub use python::{py_exception, py_from_debug, py_repr, py_stop_iteration};
pub use recorder::{Recorder, Traced};
pub use render::{Step, View};
pub use say::{Level, enter, say};
pub use text::wrap;

/// [`say!`](crate::say) is also reachable as `pygen_tour::trace::say!`.
#[doc(inline)]
pub use crate::say;

use pygen::GeneratorState;

/// One thing that happened, in one lane (or, for a [`Note`](Event::Note), both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Caller: a call into the generator, e.g. `g.resume()`, Python `next(g)`.
    Call {
        /// The generator's variable name.
        name: String,
        /// The Rust API's call.
        rust: String,
        /// Python's spelling.
        python: String,
    },
    /// Caller: a line of the caller's own code, e.g. `for x in g.by_ref() {`.
    Code {
        /// The Rust line.
        rust: String,
        /// Python's spelling.
        python: String,
    },
    /// Caller: what a call gave back, e.g. `Yielded(5)`, Python's `5`.
    Outcome {
        /// The Rust value, e.g. `Returned(())`.
        rust: String,
        /// What a Python caller sees, e.g. `raises StopIteration`.
        python: String,
        /// The call failed (an `Err`, an exception the caller must handle).
        error: bool,
    },
    /// Caller: a line the caller printed.
    CallerOutput(String),
    /// Generator: a line the body said (its `print`).
    BodyOutput(String),
    /// Generator: an error raised *into* the body at its paused `yield`
    /// (by `throw`, or `GeneratorExit` by `close`/drop), by its `Debug` name.
    RaisedAtYield(String),
    /// Generator: the body paused at `yield v` (`v`'s `Debug`).
    Yield(String),
    /// Generator: the body returned `r` (`r`'s `Debug`).
    Return(String),
    /// Generator: an error escaped the body.
    Raise(String),
    /// Generator: its state changed (`from` is `None` at creation).
    State {
        /// The state before.
        from: Option<GeneratorState>,
        /// The state after.
        to: GeneratorState,
    },
    /// Both lanes: an explanation for the reader.
    Note(String),
    /// Generator: code one level deeper starts running (see [`enter`]).
    Enter {
        /// What runs there, e.g. `inorder(1)`.
        name: String,
        /// How it was reached.
        how: Depth,
    },
    /// Generator: the innermost level is done.
    Leave,
    /// Generator: after a call, it is suspended inside `yield from`; what it
    /// delegates to, outer → inner, as the runtime reports it
    /// ([`Generator::delegation_chain`](pygen::Generator::delegation_chain),
    /// Python's `gi_yieldfrom`). Never empty.
    YieldFrom(Vec<Sub>),
}

/// How the code running inside a generator went one level deeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// A sub-generator it delegates to with `yield from`: a value yielded
    /// there is passed up through this level, one resume per level.
    YieldFrom,
    /// A plain function call on the generator's own stack (stackful only):
    /// a value yielded there goes straight to the caller, one switch.
    Call,
}

impl Event {
    /// The events a body's reports become (its lines as `line`).
    fn from_said(said: say::Said, line: fn(String) -> Event) -> Event {
        match said {
            say::Said::Line(l) => line(l),
            say::Said::Enter(name, how) => Event::Enter { name, how },
            say::Said::Leave => Event::Leave,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pygen::{Error, Generator};
    use pygen::{Shared, Stackful};
    use std::cell::RefCell;
    use std::rc::Rc;

    type Handle = Rc<RefCell<Option<Shared<Stackful<u8, (), (), &'static str>>>>>;

    /// The recorder draws `Running` from the protocol's rules; the body, looking
    /// at its own state through a shared handle, sees the same thing.
    #[test]
    fn running_is_what_the_generator_itself_reports() {
        let slot: Handle = Rc::default();
        let inside = slot.clone();
        let g = Shared::new(Stackful::new(move |co| {
            let me = inside.borrow().clone().ok_or(Error::GeneratorExit)?;
            say(format_args!("my state: {}", me.state()));
            let _cleanup = pygen::finally({
                let me = me.clone();
                move || say(format_args!("cleanup, my state: {}", me.state()))
            });
            co.yield_(1)?;
            say(format_args!("my state: {}", me.state()));
            co.yield_(2)?;
            Ok(())
        }));
        *slot.borrow_mut() = Some(g.clone());
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || g);
        let _ = rec.resume(&mut t);
        let _ = rec.resume(&mut t);
        let _ = rec.close(&mut t);
        slot.borrow_mut().take();
        let running = Event::State {
            from: Some(GeneratorState::Suspended),
            to: GeneratorState::Running,
        };
        let ev = rec.events();
        let said: Vec<usize> = (0..ev.len())
            .filter(|&i| matches!(&ev[i], Event::BodyOutput(_)))
            .collect();
        assert_eq!(said.len(), 3);
        for &i in &said {
            assert!(matches!(&ev[i], Event::BodyOutput(s) if s.ends_with("Running")));
        }
        assert_eq!(
            ev[said[0] - 1],
            Event::State {
                from: Some(GeneratorState::Created),
                to: GeneratorState::Running
            }
        );
        assert_eq!(ev[said[1] - 1], running);
        assert_eq!(ev[said[2] - 2], running);
        assert_eq!(
            ev[said[2] - 1],
            Event::RaisedAtYield("GeneratorExit".into())
        );
    }

    fn call(rust: &str, python: &str) -> Event {
        Event::Call {
            name: "g".into(),
            rust: rust.into(),
            python: python.into(),
        }
    }

    #[test]
    fn calls_that_run_no_body_code_show_no_running() {
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || {
            Stackful::<u8, u8, (), &'static str>::new(|co| {
                say("started");
                co.yield_(1)?;
                Ok(())
            })
        });
        let _ = rec.send(&mut t, 7);
        let _ = rec.throw(&mut t, "boom");
        let _ = rec.resume(&mut t);
        assert_eq!(
            rec.events(),
            [
                Event::Code {
                    rust: "let mut g = body();".into(),
                    python: "g = body()".into()
                },
                Event::State {
                    from: None,
                    to: GeneratorState::Created
                },
                call("g.send(7)", "g.send(7)"),
                Event::Outcome {
                    rust: "Err(SendToJustStarted: can't send non-None value to a just-started \
                           generator)"
                        .into(),
                    python: "raises TypeError: can't send non-None value to a just-started \
                             generator"
                        .into(),
                    error: true,
                },
                call("g.throw(\"boom\")", "g.throw('boom')"),
                Event::Outcome {
                    rust: "Err(Raised(\"boom\"))".into(),
                    python: "raises 'boom'".into(),
                    error: true,
                },
                Event::State {
                    from: Some(GeneratorState::Created),
                    to: GeneratorState::Closed
                },
                call("g.resume()", "next(g)"),
                Event::Outcome {
                    rust: "Exhausted".into(),
                    python: "raises StopIteration".into(),
                    error: false,
                },
            ]
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let mut rec = Recorder::new();
        let mut t = rec.create("g", "body()", || {
            Stackful::<u8>::new(|co| {
                co.yield_(1)?;
                Ok(())
            })
        });
        let _ = rec.resume(&mut t);
        assert!(!rec.render(false).contains('\x1b'));
        assert!(rec.render(true).contains("\x1b[36m"));
        assert_eq!(
            rec.render_from(2, false, false),
            "g.resume()                        --> | [Created -> Running]\n\
             \x20                                     | yield 1\n\
             <-- Yielded(1)                        | [Running -> Suspended]\n"
        );
    }
}
