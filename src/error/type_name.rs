//! A type's name in two bytes, and as a reader writes it.

use std::fmt;

/// A type's name, in two bytes: what [`Error::IteratorCannotSend`](crate::Error::IteratorCannotSend) carries,
/// so that every `Error` (and every generator, which keeps its last one)
/// stays small. Names are interned once per type, the first time one is
/// made; equal names compare equal.
///
/// ```
/// use pygen::TypeName;
///
/// let name = TypeName::of::<std::ops::Range<i32>>();
/// assert_eq!(name.full(), "core::ops::range::Range<i32>");
/// assert_eq!(name.to_string(), "Range<i32>"); // what messages show
/// assert_eq!(name, TypeName::of::<std::ops::Range<i32>>());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeName(u16);

/// Interned names; an index is a [`TypeName`]. Only touched when a name is
/// made or shown (an error path).
static TYPE_NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

impl TypeName {
    /// The name of `T`, as [`std::any::type_name`] gives it.
    pub fn of<T: ?Sized>() -> Self {
        let name = std::any::type_name::<T>();
        let mut names = TYPE_NAMES.lock().unwrap_or_else(|e| e.into_inner());
        let id = match names.iter().position(|n| *n == name) {
            Some(i) => i,
            None => {
                names.push(name);
                names.len() - 1
            }
        };
        // Past 65,535 distinct names (no program has that many iterator
        // types that are sent to), the last slot stands for all the rest.
        TypeName(u16::try_from(id).unwrap_or(u16::MAX))
    }

    /// The full name (`core::ops::range::Range<i32>`).
    pub fn full(self) -> &'static str {
        let names = TYPE_NAMES.lock().unwrap_or_else(|e| e.into_inner());
        names
            .get(usize::from(self.0))
            .copied()
            .unwrap_or("iterator")
    }
}

impl fmt::Debug for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.full(), f)
    }
}

impl fmt::Display for TypeName {
    /// The name a reader uses: every path cut to its last segment.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&short_type_name(self.full()))
    }
}

/// A [`std::any::type_name`] as a reader names the type: every path cut to
/// its last segment, generic arguments included (`core::ops::range::Range<i32>`
/// becomes `Range<i32>`, `a::f<u8>::{{closure}}` becomes `{{closure}}`);
/// references, tuples, arrays, lifetimes and `dyn` bounds are kept as they
/// are. Text that is not a well-formed type name comes out shortened as far
/// as it goes, never a panic.
fn short_type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Per open `<`, the output position where the path being written at
    // that level began (`None` between paths): a `::` cuts the output back
    // to it, dropping the segments before.
    let mut path_start: Vec<Option<usize>> = vec![None];
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        let level = path_start.len() - 1;
        if let Some(after) = rest.strip_prefix("::") {
            match path_start[level] {
                Some(start) => out.truncate(start),
                // A path after a qualified `<T as Trait>` keeps its `::`.
                None => out.push_str("::"),
            }
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix("->") {
            out.push_str("->");
            path_start[level] = None;
            rest = after;
            continue;
        }
        match c {
            '<' => path_start.push(None),
            '>' if level > 0 => {
                path_start.pop();
            }
            c if c.is_alphanumeric() || matches!(c, '_' | '{' | '}') => {
                path_start[level].get_or_insert(out.len());
            }
            _ => path_start[level] = None,
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_type_names_keep_the_last_segment_of_every_path() {
        let short = |t: &str| short_type_name(t);
        // What `std::any::type_name` gives for iterators.
        assert_eq!(short("core::ops::range::Range<i32>"), "Range<i32>");
        assert_eq!(
            short("alloc::vec::into_iter::IntoIter<&str>"),
            "IntoIter<&str>"
        );
        assert_eq!(
            short("core::array::iter::IntoIter<&str, 2>"),
            "IntoIter<&str, 2>"
        );
        assert_eq!(short("i32"), "i32");
        // Nested generics, lifetimes and closures.
        assert_eq!(
            short(
                "core::iter::adapters::map::Map<core::slice::iter::Iter<'_, &str>, m::main::{{closure}}>"
            ),
            "Map<Iter<'_, &str>, {{closure}}>"
        );
        assert_eq!(
            short(
                "core::iter::adapters::map::Map<core::iter::sources::repeat::Repeat<u8>, m::gen<u8>::{{closure}}>"
            ),
            "Map<Repeat<u8>, {{closure}}>"
        );
        assert_eq!(short("m::main::{{closure}}"), "{{closure}}");
        assert_eq!(
            short(
                "std::collections::hash::map::HashMap<alloc::string::String, alloc::vec::Vec<core::option::Option<u8>>>"
            ),
            "HashMap<String, Vec<Option<u8>>>"
        );
        // References, pointers, tuples, arrays and slices.
        assert_eq!(
            short("(i32, alloc::string::String, &mut [u8; 3], &[alloc::string::String])"),
            "(i32, String, &mut [u8; 3], &[String])"
        );
        assert_eq!(short("[alloc::string::String; 2]"), "[String; 2]");
        assert_eq!(
            short("*const std::collections::hash::map::HashMap<alloc::string::String, u8>"),
            "*const HashMap<String, u8>"
        );
        assert_eq!(
            short("(m::main::{{closure}}, core::ops::range::Range<i64>)"),
            "({{closure}}, Range<i64>)"
        );
        // Function pointers, trait objects, qualified paths.
        assert_eq!(
            short("fn(i32) -> alloc::string::String"),
            "fn(i32) -> String"
        );
        assert_eq!(
            short(
                "alloc::boxed::Box<dyn core::iter::traits::iterator::Iterator<Item = alloc::string::String> + core::marker::Send>"
            ),
            "Box<dyn Iterator<Item = String> + Send>"
        );
        assert_eq!(
            short("<alloc::vec::Vec<i32> as core::iter::traits::collect::IntoIterator>::IntoIter"),
            "<Vec<i32> as IntoIterator>::IntoIter"
        );
        // Not a type name: shortened as far as it goes.
        assert_eq!(short("a::b>>c::d<<e::f"), "b>>d<<f");
        assert_eq!(short(""), "");
        assert_eq!(short("::"), "::");
    }
}
