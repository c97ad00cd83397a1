//! What a generator delegates to, as the runtime reports it
//! ([`Generator::delegation_chain`](pygen::Generator::delegation_chain),
//! Python's `gi_yieldfrom`), in the short names a reader knows.

use pygen::GeneratorState;

/// One level of a `yield from` chain: what a generator delegates to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sub {
    /// A generator's function name (`inner`, Python's `__name__`), or a
    /// plain iterator's type without module paths (`IntoIter<u32>`).
    pub name: String,
    /// The sub-generator's state; `None` for a plain iterator.
    pub state: Option<GeneratorState>,
}

impl From<pygen::YieldFrom> for Sub {
    fn from(level: pygen::YieldFrom) -> Self {
        let name = match level.state {
            Some(_) => function_name(level.name),
            None => iterator_name(level.name),
        };
        Sub {
            name,
            state: level.state,
        }
    }
}

impl std::fmt::Display for Sub {
    /// `inner() [Suspended]` for a generator, the type for a plain iterator.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.state {
            Some(state) => write!(f, "{}() [{state}]", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The chain a generator delegates to now, outer → inner, backend aside.
pub fn delegation(g: &impl pygen::Generator) -> Vec<Sub> {
    g.delegation_chain().into_iter().map(Sub::from).collect()
}

/// `yield from: middle() [Suspended] → inner() [Suspended]`.
pub(super) fn chain_line(chain: &[Sub]) -> String {
    let levels: Vec<String> = chain.iter().map(Sub::to_string).collect();
    format!("yield from: {}", levels.join(" → "))
}

/// A generator body's function name from the runtime's name for it, e.g.
/// `pygen_tour::tutorial::additions::inner::stackless` → `inner`: the last
/// path segment that is neither a closure nor the module `#[generator]`
/// puts each backend's body in.
fn function_name(name: &str) -> String {
    let path = &name[..name.find('<').unwrap_or(name.len())];
    path.rsplit("::")
        .find(|s| !matches!(*s, "{{closure}}" | "stackless" | "stackful" | ""))
        .map_or_else(|| without_paths(name), str::to_owned)
}

/// A plain iterator's type without module paths. The runtime names the
/// wrapper that drives it (`pygen::delegate::IterDelegate<I>`): the reader
/// wants `I`.
fn iterator_name(name: &str) -> String {
    let name = without_paths(name);
    match name.strip_prefix("IterDelegate<") {
        Some(inner) => inner.strip_suffix('>').unwrap_or(inner).to_owned(),
        None => name,
    }
}

/// A type name with every module path left out:
/// `alloc::vec::into_iter::IntoIter<alloc::string::String>` → `IntoIter<String>`.
fn without_paths(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Where the path segment being copied starts in `out`.
    let mut segment = 0;
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            out.truncate(segment);
            rest = after;
            continue;
        }
        out.push(c);
        if !(c.is_alphanumeric() || c == '_') {
            segment = out.len();
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        // Names as the runtime reports them for the tour's examples.
        assert_eq!(
            function_name("pygen_tour::tutorial::additions::inner::stackless"),
            "inner"
        );
        assert_eq!(
            function_name("pygen_tour::tutorial::mistakes::middle::stackful"),
            "middle"
        );
        assert_eq!(
            function_name("pygen_tour::tutorial::engines::inorder"),
            "inorder"
        );
        assert_eq!(
            function_name("pygen_tour::tutorial::engines::inorder::{{closure}}"),
            "inorder"
        );
        assert_eq!(
            iterator_name("pygen::delegate::IterDelegate<alloc::vec::into_iter::IntoIter<u32>>"),
            "IntoIter<u32>"
        );
        assert_eq!(
            iterator_name("pygen::delegate::IterDelegate<core::array::iter::IntoIter<&str, 2>>"),
            "IntoIter<&str, 2>"
        );
        assert_eq!(
            without_paths("alloc::vec::into_iter::IntoIter<alloc::string::String>"),
            "IntoIter<String>"
        );
        assert_eq!(
            without_paths("core::array::iter::IntoIter<&str, 2>"),
            "IntoIter<&str, 2>"
        );
        assert_eq!(
            without_paths("core::iter::Map<core::ops::range::Range<u32>, f>"),
            "Map<Range<u32>, f>"
        );
    }
}
