// A stackful generator owns a stack that its body's frames point into: it
// must stay on the thread that created it.
use pygen::{Generator, Stackful};

fn main() {
    let mut g = Stackful::<u32>::new(|co| {
        co.yield_(1)?;
        Ok(())
    });
    g.resume().unwrap();
    std::thread::spawn(move || g.next());
}
