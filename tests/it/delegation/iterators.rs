//! `yield from` a plain iterator (R27) and an exhausted subgenerator (R29).

use super::*;

// ---- R27, R29: plain iterators and exhausted subgenerators ----

/// An iterator that logs each `next` and its drop.
struct Noisy {
    log: Log,
    items: std::vec::IntoIter<&'static str>,
}

impl Iterator for Noisy {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        let item = self.items.next();
        self.log.push(format!("iter next -> {item:?}"));
        item
    }
}

impl Drop for Noisy {
    fn drop(&mut self) {
        self.log.push("iter dropped");
    }
}

#[generator]
fn over_iter(
    log: Log,
) -> impl Generator<Item = &'static str, Send = &'static str, Return = &'static str, Error = ValueError>
{
    let noisy = Noisy {
        log: log.clone(),
        items: vec!["Pen", "Pencil"].into_iter(),
    };
    match yield_from!(noisy) {
        Ok(()) => log.push("yield from -> ()"),
        Err(e) => {
            log.push(format!("raised at yield from: {e:?}"));
            return Err(e);
        }
    }
    (yield "Eraser")?;
    Ok("done")
}

#[generator]
pub(crate) fn show_x() -> impl Generator<Item = &'static str> {
    yield_from!(["Pen", "Pencil"])?;
    (yield "Eraser")?;
    Ok(())
}

#[generator]
fn over_exhausted(
    log: Log,
    sub: BoxGenerator<u32, (), &'static str>,
) -> impl Generator<Item = u32, Return = Option<&'static str>> {
    let empty: Vec<u32> = vec![];
    let unit: () = yield_from!(empty)?;
    log.push(format!("empty iterator -> {unit:?}"));
    let r = yield_from!(sub)?;
    log.push(format!("exhausted generator -> {r:?}"));
    Ok(r)
}

#[generator]
fn returns_right_away() -> impl Generator<Item = u32, Return = &'static str> {
    Ok("only once")
}

both! {
    fn r27_next_advances_a_plain_iterator(b) {
        let log = Log::new();
        let mut g = over_iter::on(b, log.clone());
        assert_eq!(g.by_ref().collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
        assert_eq!(
            log.take(),
            [
                "iter next -> Some(\"Pen\")",
                "iter next -> Some(\"Pencil\")",
                "iter next -> None",
                "iter dropped",
                "yield from -> ()",
            ]
        );
        assert_eq!(g.take_completion(), Some(Ok("done")));
        assert_eq!(show_x::on(b).collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
    }

    fn r27_send_to_a_plain_iterator_is_raised_in_the_delegator(b) {
        let log = Log::new();
        let mut g = over_iter::on(b, log.clone());
        g.resume().unwrap();
        log.take();
        let err = g.send("value").unwrap_err();
        assert_eq!(err, Error::IteratorCannotSend { iterator: pygen::TypeName::of::<Noisy>() });
        assert_eq!(err.to_string(), "'Noisy' object has no attribute 'send'");
        assert_eq!(
            log.take(),
            [
                "iter dropped",
                "raised at yield from: IteratorCannotSend { iterator: \"it::delegation::iterators::Noisy\" }",
            ]
        );
        assert_eq!(g.state(), GeneratorState::Closed);
    }

    fn r27_throw_does_not_touch_the_iterator(b) {
        let log = Log::new();
        let mut g = over_iter::on(b, log.clone());
        g.resume().unwrap();
        log.take();
        assert_eq!(g.throw(ValueError("x")), Err(Error::Raised(ValueError("x"))));
        assert_eq!(log.take(), ["iter dropped", "raised at yield from: Raised(ValueError(\"x\"))"]);
    }

    fn r27_close_just_drops_the_iterator(b) {
        let log = Log::new();
        let mut g = over_iter::on(b, log.clone());
        g.resume().unwrap();
        log.take();
        assert_eq!(g.close(), Ok(None));
        assert_eq!(log.take(), ["iter dropped", "raised at yield from: GeneratorExit"]);
    }

    fn r29_empty_iterators_and_exhausted_generators_yield_nothing(b) {
        let log = Log::new();
        let mut sub = returns_right_away::on(b, );
        assert_eq!(sub.resume(), Ok(Outcome::Returned("only once")));
        let mut g = over_exhausted::on(b, log.clone(), sub);
        assert_eq!(g.resume(), Ok(Outcome::Returned(None)));
        assert_eq!(
            log.take(),
            ["empty iterator -> ()", "exhausted generator -> None"]
        );
        // A fresh one returns its value through the `yield from` (R22).
        let mut g = over_exhausted::on(b, log.clone(), returns_right_away::on(b));
        assert_eq!(g.resume(), Ok(Outcome::Returned(Some("only once"))));
    }
}

/// A raw body of backend `$b` that delegates to the plain iterator
/// `$iterable`, then yields 0: `yield_from!` in a stackless coroutine,
/// `co.yield_from(delegate!(..))` in a stackful one.
macro_rules! raw_yield_from {
    ($b:expr, $iterable:expr) => {{
        let g: BoxGenerator<u32, u32, (), Infallible> = match $b {
            Backend::Stackless => Box::new(pygen::Stackless::new(
                #[coroutine]
                |_: pygen::Resume<u32, Infallible>| {
                    pygen::yield_from!($iterable)?;
                    (yield 0)?;
                    Ok(())
                },
            )),
            Backend::Stackful => Box::new(pygen::Stackful::new(|co| {
                co.yield_from(pygen::delegate!($iterable))?;
                co.yield_(0)?;
                Ok(())
            })),
        };
        g
    }};
}

both! {
    fn r27_the_send_error_names_the_iterators_type(b) {
        let mut g = raw_yield_from!(b, vec![7, 8]);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(7)));
        assert_eq!(g.send(1).map_err(|e| e.to_string()),
            Err("'IntoIter<u32>' object has no attribute 'send'".to_owned()));
        assert_eq!(g.state(), GeneratorState::Closed);

        let mut g = raw_yield_from!(b, 3..5);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(3)));
        assert_eq!(g.send(1).map_err(|e| e.to_string()),
            Err("'Range<u32>' object has no attribute 'send'".to_owned()));

        let mut g = raw_yield_from!(b, (3..5).map(|x| x * 2));
        assert_eq!(g.resume(), Ok(Outcome::Yielded(6)));
        assert_eq!(g.send(1).map_err(|e| e.to_string()),
            Err("'Map<Range<u32>, {{closure}}>' object has no attribute 'send'".to_owned()));

        // `send(None)` is `next` (R27).
        let mut g = raw_yield_from!(b, [4, 5]);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(4)));
        assert_eq!(g.resume(), Ok(Outcome::Yielded(5)));
        assert_eq!(g.resume(), Ok(Outcome::Yielded(0)));
        let mut g = raw_yield_from!(b, [4, 5]);
        assert_eq!(g.resume(), Ok(Outcome::Yielded(4)));
        assert_eq!(
            g.send(1),
            Err(Error::IteratorCannotSend {
                iterator: pygen::TypeName::of::<std::array::IntoIter<u32, 2>>()
            })
        );
    }
}
