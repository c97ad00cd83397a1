//! `delegate!`: a generator or an iterable, told apart by autoref specialisation.

/// Turns a generator (of any backend) or any `IntoIterator` into a
/// [`Delegate`](crate::Delegate), choosing by the argument's type: generators keep send, throw
/// and close; other iterables become [`iter`](crate::iter)`(x)`.
///
/// ```
/// # #[cfg(feature = "stackful")] {
/// use pygen::{delegate, Stackful};
/// let g = Stackful::<&str>::new(|co| {
///     co.yield_from(delegate!(vec!["Pen", "Pencil"]))?;
///     co.yield_("Eraser")?;
///     Ok(())
/// });
/// assert_eq!(g.collect::<Vec<_>>(), ["Pen", "Pencil", "Eraser"]);
/// # }
/// ```
///
/// The choice is made by method resolution on the concrete type (so a
/// generic `T: IntoIterator` is treated as an iterator even if it happens to
/// be a generator; pass such a value to `yield_from` directly).
#[macro_export]
macro_rules! delegate {
    ($sub:expr) => {
        match $sub {
            __pygen_sub => {
                #[allow(unused_imports)]
                use $crate::__private::{GeneratorKind as _, IteratorKind as _};
                let __pygen_kind = (&$crate::__private::Probe(&__pygen_sub)).__pygen_kind();
                __pygen_kind.delegate(__pygen_sub)
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    //! Not public API. Referenced by macro-generated code.
    //!
    //! "Autoref specialisation": in `(&Probe(&x)).__pygen_kind()`, method
    //! lookup first tries the receiver type `&Probe<X>` — the `&self` method
    //! of `GeneratorKind`, implemented for `Probe<G>` — and only then the
    //! autoref'd `&&Probe<X>` — `IteratorKind`, implemented for `&Probe<I>`.
    //! So a generator is delegated to as a generator, anything else that is
    //! `IntoIterator` as an iterator.

    use crate::Generator;
    use crate::delegate::{IterDelegate, iter};

    pub use crate::delegate::Delegation;

    #[derive(Debug)]
    pub struct Probe<'a, T>(pub &'a T);

    #[derive(Debug)]
    pub struct GeneratorTag;
    #[derive(Debug)]
    pub struct IteratorTag;

    pub trait GeneratorKind {
        fn __pygen_kind(&self) -> GeneratorTag {
            GeneratorTag
        }
    }
    impl<G: Generator> GeneratorKind for Probe<'_, G> {}

    pub trait IteratorKind {
        fn __pygen_kind(&self) -> IteratorTag {
            IteratorTag
        }
    }
    impl<I: IntoIterator> IteratorKind for &Probe<'_, I> {}

    impl GeneratorTag {
        pub fn delegate<G: Generator>(self, g: G) -> G {
            g
        }
    }
    impl IteratorTag {
        pub fn delegate<I: IntoIterator>(self, i: I) -> IterDelegate<I::IntoIter> {
            iter(i)
        }
    }
}
