//! The tutorial's generators written once with `#[generator]`, run on both
//! backends with identical transcripts; what the expansion keeps; methods of
//! generic impls; attributes.

use crate::delegation::iterators::show_x;
use crate::support::{Log, ValueError};
use pygen::{Backend, BoxGenerator, Error, Generator, GeneratorState, Outcome, generator};
use std::fmt::Debug;

#[generator]
fn count_x(mut n: u32) -> impl Generator<Item = u32> {
    while n > 0 {
        (yield n)?;
        n -= 1;
    }
    Ok(())
}

#[generator]
fn demo_send(log: Log) -> impl Generator<Item = &'static str, Send = &'static str> {
    let x = (yield "Hello")?;
    log.push(format!("Take {}", x.unwrap_or("None")));
    Ok(())
}

#[generator]
fn numbers(log: Log) -> impl Generator<Item = u32> {
    let _cleanup = log.finally("Generator is closing, cleaning up!");
    (yield 10)?;
    (yield 20)?;
    (yield 30)?;
    Ok(())
}

#[generator]
fn demo_throw(log: Log) -> impl Generator<Item = u32, Error = ValueError> {
    if let Err(e) = (yield 10) {
        match e {
            Error::Raised(ValueError(_)) => log.push("ValueError is caught!"),
            other => return Err(other),
        }
    }
    (yield 20)?;
    Ok(())
}

/// Drives a generator through a script of calls and writes down everything.
fn transcript<S: Clone, R: Debug, E: Debug + Clone>(
    mut g: BoxGenerator<impl Debug + 'static, S, R, E>,
    log: &Log,
    script: &[Call<S, E>],
) -> Vec<String> {
    let mut out = vec![format!("state {:?}", g.state())];
    for call in script {
        let line = match call {
            Call::Next => format!("next -> {:?}", g.resume()),
            Call::Send(v) => format!("send -> {:?}", g.send(v.clone())),
            Call::Throw(e) => format!("throw -> {:?}", g.throw_error(e.clone())),
            Call::Close => format!("close -> {:?}", g.close()),
        };
        out.push(line);
        out.extend(log.take().into_iter().map(|l| format!("  body: {l}")));
        out.push(format!("  state {:?}", g.state()));
    }
    out
}

enum Call<S, E> {
    Next,
    Send(S),
    Throw(Error<E>),
    Close,
}

fn same_on_both<S: Clone, R: Debug, E: Debug + Clone, Y: Debug + 'static>(
    make: impl Fn(Backend, Log) -> BoxGenerator<Y, S, R, E>,
    script: &[Call<S, E>],
) -> Vec<String> {
    let log = Log::new();
    let stackless = transcript(make(Backend::Stackless, log.clone()), &log, script);
    let stackful = transcript(make(Backend::Stackful, log.clone()), &log, script);
    assert_eq!(stackless, stackful);
    stackless
}

#[test]
fn the_tutorials_generators_behave_identically_on_both_backends() {
    use Call::*;
    assert_eq!(
        same_on_both(|b, _| count_x::on(b, 2), &[Next, Next, Next, Next]),
        [
            "state Created",
            "next -> Ok(Yielded(2))",
            "  state Suspended",
            "next -> Ok(Yielded(1))",
            "  state Suspended",
            "next -> Ok(Returned(()))",
            "  state Closed",
            "next -> Ok(Exhausted)",
            "  state Closed",
        ]
    );
    assert_eq!(
        same_on_both(demo_send::on, &[Next, Send("Care")]),
        [
            "state Created",
            "next -> Ok(Yielded(\"Hello\"))",
            "  state Suspended",
            "send -> Ok(Returned(()))",
            "  body: Take Care",
            "  state Closed",
        ]
    );
    assert_eq!(
        same_on_both(|b, _| show_x::on(b), &[Next, Next, Next, Next]),
        [
            "state Created",
            "next -> Ok(Yielded(\"Pen\"))",
            "  state Suspended",
            "next -> Ok(Yielded(\"Pencil\"))",
            "  state Suspended",
            "next -> Ok(Yielded(\"Eraser\"))",
            "  state Suspended",
            "next -> Ok(Returned(()))",
            "  state Closed",
        ]
    );
    assert_eq!(
        same_on_both(numbers::on, &[Next, Next, Close]),
        [
            "state Created",
            "next -> Ok(Yielded(10))",
            "  state Suspended",
            "next -> Ok(Yielded(20))",
            "  state Suspended",
            "close -> Ok(None)",
            "  body: Generator is closing, cleaning up!",
            "  state Closed",
        ]
    );
    assert_eq!(
        same_on_both(
            demo_throw::on,
            &[Next, Throw(Error::Raised(ValueError("ValueError"))), Next]
        ),
        [
            "state Created",
            "next -> Ok(Yielded(10))",
            "  state Suspended",
            "throw -> Ok(Yielded(20))",
            "  body: ValueError is caught!",
            "  state Suspended",
            "next -> Ok(Returned(()))",
            "  state Closed",
        ]
    );
}

// ---- what the expansion keeps untouched ----

#[generator(stackful)]
fn keeps_nested_items(n: u32) -> impl Generator<Item = u32, Return = u32> {
    // A nested fn and a nested coroutine keep their own meaning.
    fn double(x: u32) -> u32 {
        x * 2
    }
    let mut inner = pygen::Stackless::new(
        #[coroutine]
        |_: pygen::Resume<(), std::convert::Infallible>| {
            (yield 100)?;
            Ok(())
        },
    );
    let inner_first = inner.next().unwrap_or(0);
    let sent = (yield double(n))?;
    let total = inner_first + sent.map_or(0, |_| 1);
    Ok(total)
}

#[test]
fn nested_items_and_coroutines_are_left_alone_and_the_default_backend_can_be_stackful() {
    let mut g = keeps_nested_items(4);
    assert_eq!(g.resume(), Ok(Outcome::Yielded(8)));
    assert_eq!(g.send(()), Ok(Outcome::Returned(101)));
    // `keeps_nested_items(..)` is the stackful backend's concrete type:
    let _: pygen::Stackful<u32, (), u32> = keeps_nested_items::stackful(1);
    let mut g = keeps_nested_items::stackless(4);
    assert_eq!(g.resume(), Ok(Outcome::Yielded(8)));
    assert_eq!(g.resume(), Ok(Outcome::Returned(100)));
}

#[generator(static)]
fn borrows_across_yield(words: Vec<String>) -> impl Generator<Item = usize> {
    for w in &words {
        (yield w.len())?;
    }
    Ok(())
}

#[test]
fn a_static_body_may_borrow_its_locals_across_yield() {
    let words = || vec!["Pen".to_string(), "Pencil".into()];
    assert_eq!(borrows_across_yield(words()).collect::<Vec<_>>(), [3, 6]);
    assert_eq!(
        borrows_across_yield::stackful(words()).collect::<Vec<_>>(),
        [3, 6]
    );
}

#[generator]
fn generic<T: Clone + Debug + 'static>(item: T, times: usize) -> impl Generator<Item = T> {
    for _ in 0..times {
        (yield item.clone())?;
    }
    Ok(())
}

#[test]
fn generic_generators_work_on_both_backends() {
    assert_eq!(generic("a", 2).collect::<Vec<_>>(), ["a", "a"]);
    assert_eq!(
        generic::stackful(1.5, 3).collect::<Vec<_>>(),
        [1.5, 1.5, 1.5]
    );
}

#[test]
fn stackless_generators_are_small_and_send_when_their_state_is() {
    fn assert_send<T: Send>(_: &T) {}
    let g = count_x::stackless(5);
    assert_send(&g);
    // the counter, the coroutine's resume point and the generator's phase
    assert!(
        std::mem::size_of_val(&g) <= 16,
        "{}",
        std::mem::size_of_val(&g)
    );
    assert_eq!(g.state(), GeneratorState::Created);
}

// ---- methods of a generic impl, attributes, macros in bodies ----

/// A ring buffer, generic over its items.
struct Ring<T> {
    items: Vec<T>,
}

#[generator]
impl<T: Clone + Debug> Ring<T> {
    /// `laps` times round the ring, by reference.
    #[generator]
    fn laps(&self, laps: usize) -> impl Generator<Item = &T, Return = usize> + '_ {
        let mut n = 0;
        for _ in 0..laps {
            for item in self.items.iter() {
                (yield item)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Owned copies, checking what is sent back inside `assert_eq!`.
    #[generator(static)]
    fn checked(self) -> impl Generator<Item = T, Send = usize, Return = usize> {
        let mut i = 0;
        for item in &self.items {
            assert_eq!(
                (yield item.clone())?.unwrap_or(i),
                i,
                "sent the wrong index"
            );
            i += 1;
        }
        Ok(i)
    }
}

/// What the generators below yield as a `&str`.
static NAME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| "x".into());

/// A yielded value converts to the item type where it is written, as an
/// argument does: `&String` to `&str`, `Box<u32>` to `Box<dyn Debug>`.
#[generator]
fn converted(number: u32) -> impl Generator<Item = (&'static str, Box<dyn Debug>)> {
    let name: &'static String = &NAME;
    let text: &str = (yield (name, Box::new(number)))?.map_or("next", |()| "send");
    (yield (text, Box::new(number + 1)))?;
    Ok(())
}

/// The same in a body that delegates (its stackless yields are `Step`s).
#[generator]
fn converted_and_more() -> impl Generator<Item = (&'static str, Box<dyn Debug>)> {
    let name: &'static String = &NAME;
    (yield (name, Box::new(0u8)))?;
    yield_from!(converted::stackless(1))?;
    Ok(())
}

both! {
    fn a_yielded_value_converts_to_the_item_type_on_both_backends(b) {
        let shown = |g: BoxGenerator<(&'static str, Box<dyn Debug>)>| {
            g.map(|(s, d)| format!("{s} {d:?}")).collect::<Vec<_>>()
        };
        assert_eq!(shown(converted::on(b, 7)), ["x 7", "next 8"]);
        assert_eq!(shown(converted_and_more::on(b)), ["x 0", "x 1", "next 2"]);
    }
}

both! {
    fn methods_of_a_generic_impl_run_on_both_backends(b) {
        // A static, not a `Box::leak` (which LeakSanitizer would report).
        static RING: std::sync::LazyLock<Ring<&str>> =
            std::sync::LazyLock::new(|| Ring { items: vec!["a", "b"] });
        let ring: &'static Ring<&str> = &RING;
        let mut g = ring.laps_on(b, 2);
        assert_eq!(g.by_ref().copied().collect::<Vec<_>>(), ["a", "b", "a", "b"]);
        assert_eq!(g.take_completion(), Some(Ok(4)));
        let mut g = Ring { items: vec![1.5, 2.5] }.checked_on(b);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(1.5)));
        assert_eq!(g.send(0), Ok(Outcome::Yielded(2.5)));
        assert_eq!(g.send(1), Ok(Outcome::Returned(2)));
    }
}

#[test]
fn a_borrowing_method_of_a_generic_impl_needs_no_static_on_stackless() {
    let ring = Ring {
        items: vec![String::from("x")],
    };
    assert_eq!(ring.laps(3).count(), 3);
    assert_eq!(
        ring.laps_stackless(1).collect::<Vec<_>>(),
        [&"x".to_owned()]
    );
}

/// Shelves of labelled items, each holding more shelves.
struct Shelf<T> {
    labels: Vec<T>,
    inner: Vec<Shelf<T>>,
    next: Option<Box<Shelf<T>>>,
}

#[generator]
impl<T: Debug> Shelf<T> {
    /// The label at `i` of every shelf, depth first. Named like `Vec::get`,
    /// which the body calls on its labels with the same number of
    /// arguments: those calls stay `Vec::get`; the calls on other shelves
    /// (`&Shelf`, `&Box<Shelf>`) run this generator on the running backend.
    #[generator]
    fn get(&self, i: usize) -> impl Generator<Item = &T, Return = usize> + '_ {
        let mut shelves = 1;
        let first = self.labels.get(0).is_some();
        if let Some(label) = self.labels.get(i).filter(|_| first) {
            (yield label)?;
        }
        for shelf in &self.inner {
            shelves += yield_from!(shelf.get(i))?.unwrap_or(0);
        }
        if let Some(next) = &self.next {
            // Outside `yield_from!`, the call is boxed on the stackless backend.
            let mut g = next.get(i);
            let mut step = g.resume();
            while let Ok(Outcome::Yielded(label)) = step {
                (yield label)?;
                step = g.resume();
            }
            shelves += step.ok().and_then(Outcome::returned).unwrap_or(0);
        }
        Ok(shelves)
    }
}

both! {
    fn calls_of_a_method_on_other_values_of_its_type_stay_on_the_backend(b) {
        static SHELF: std::sync::LazyLock<Shelf<&str>> = std::sync::LazyLock::new(|| {
            let leaf = |labels: &[&'static str]| Shelf {
                labels: labels.to_vec(),
                inner: Vec::new(),
                next: None,
            };
            Shelf {
                labels: vec!["a0", "a1"],
                inner: vec![leaf(&["b0", "b1"]), leaf(&["c0"])],
                next: Some(Box::new(Shelf {
                    next: Some(Box::new(leaf(&["e0", "e1"]))),
                    ..leaf(&["d0", "d1"])
                })),
            }
        });
        let shelf: &'static Shelf<&str> = &SHELF;
        pygen::stackful::stack::clear_pool();
        let mut g = shelf.get_on(b, 1);
        assert_eq!(g.by_ref().copied().collect::<Vec<_>>(), ["a1", "b1", "d1", "e1"]);
        assert_eq!(g.take_completion(), Some(Ok(5)));
        drop(g);
        // At most three generators were alive at once (a, d, e).
        let stacks = match b {
            Backend::Stackless => 0,
            Backend::Stackful => 3,
        };
        assert_eq!(pygen::stackful::stack::pooled_stacks(), stacks);
    }
}

/// Old and replaced: calling it warns once, at the call.
#[generator]
#[deprecated(note = "use count_x")]
fn old_count(n: u32) -> impl Generator<Item = u32> {
    yield_from!(0..n)?;
    Ok(())
}

#[test]
#[allow(deprecated)]
fn a_deprecated_generator_warns_only_its_callers() {
    assert_eq!(old_count(2).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(old_count::on(Backend::Stackful, 1).count(), 1);
}
