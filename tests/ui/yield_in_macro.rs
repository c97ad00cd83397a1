#![feature(coroutines)]
use pygen::generator;

// A macro whose arguments are not expressions cannot be rewritten for the
// stackful backend (macros whose arguments are expressions, like
// `println!` and `vec!`, can).
#[allow(unused_macros)] // the error replaces the function that uses it
macro_rules! log_to {
    ($value:expr => $sink:ident) => {
        $sink.push($value)
    };
}

#[generator]
fn demo(mut sink: Vec<String>) -> impl pygen::Generator<Item = &'static str, Send = String> {
    log_to!((yield "Hello")?.unwrap_or_default() => sink);
    Ok(())
}

fn main() {}
