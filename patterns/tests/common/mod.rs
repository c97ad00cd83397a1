//! Shared by the pattern tests: one #[test] per backend, running a
//! generator to its end, and scratch dirs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod etl;

/// `both!(check_x, check_y)`: for each `fn check_x(backend: Backend)`, a
/// module `check_x` with one test per backend (`check_x::stackless`,
/// `check_x::stackful`): the behaviour is written once.
macro_rules! both {
    ($($t:tt)*) => { pygen_support::test_both! { $($t)* } };
}

/// Runs `g` to its end: what it yielded and what it returned. An error, or
/// a generator that had already finished, fails the test.
pub fn drain<G>(mut g: G) -> (Vec<G::Item>, G::Return)
where
    G: pygen::Generator,
    G::Item: std::fmt::Debug,
    G::Return: std::fmt::Debug,
    G::Error: std::fmt::Debug,
{
    let mut items = Vec::new();
    loop {
        match g.resume() {
            Ok(pygen::Outcome::Yielded(item)) => items.push(item),
            Ok(pygen::Outcome::Returned(r)) => return (items, r),
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// A fresh directory, removed on drop.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str, backend: pygen::Backend) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "pygen-patterns-{}-{name}-{backend}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    pub fn dir(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
