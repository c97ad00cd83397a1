//! Draw the timeline of your own generator in five lines:
//!
//! ```text
//! $ cargo run -p pygen-tour --example my_timeline
//! ```
//!
//! Make a [`Recorder`], create the generator through it (`rec.create`),
//! drive it through it (`rec.resume`, `rec.send`, `rec.throw`, `rec.close`,
//! `rec.next`), and render. Lines the body prints with `say!` land in the
//! generator's lane.

use pygen::{Outcome, Stackful};
use pygen_tour::say;
use pygen_tour::trace::{Recorder, View};

fn main() {
    let mut rec = Recorder::new();
    let mut g = rec.create("g", "evens()", || {
        Stackful::<u32>::new(|co| {
            say!("evens starts");
            co.yield_(0)?;
            co.yield_(2)?;
            Ok(())
        })
    });
    while let Ok(Outcome::Yielded(_)) = rec.resume(&mut g) {}
    print!("{}", rec.render_view(0, &View::python(80), true));
}
