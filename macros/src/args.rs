//! The attribute's arguments: `#[generator(stackful, static, crate = path)]`.

use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Path, Token};

/// The two engines, as the macro names them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Engine {
    Stackless,
    Stackful,
}

impl Engine {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Engine::Stackless => "stackless",
            Engine::Stackful => "stackful",
        }
    }
}

/// `#[generator]`, optionally with `stackful` / `stackless` (the backend of the
/// plain function), `static` (a pinned, self-borrowing stackless body) and
/// `crate = path` (where pygen is, for crates that re-export it).
#[derive(Clone, Default)]
pub(crate) struct Args {
    /// The backend the user asked for, if any.
    pub(crate) default: Option<Engine>,
    pub(crate) pinned: bool,
    pub(crate) krate: Option<Path>,
}

const ARGS_HELP: &str = "expected `stackless` or `stackful` (the backend of the plain function), \
     `static` (a stackless body that borrows its own locals across `yield`) \
     or `crate = path` (where pygen is)";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            let word = Ident::parse_any(input)?;
            match word.to_string().as_str() {
                "stackful" => args.default = Some(Engine::Stackful),
                "stackless" => args.default = Some(Engine::Stackless),
                "static" => args.pinned = true,
                "crate" => {
                    input.parse::<Token![=]>()?;
                    args.krate = Some(Path::parse_mod_style(input)?);
                }
                _ => return Err(syn::Error::new(word.span(), ARGS_HELP)),
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

impl Args {
    /// `self`, with what it leaves unsaid taken from `outer` (the arguments of
    /// an enclosing `#[generator] impl`).
    pub(crate) fn or(self, outer: &Args) -> Args {
        Args {
            default: self.default.or(outer.default),
            pinned: self.pinned || outer.pinned,
            krate: self.krate.or_else(|| outer.krate.clone()),
        }
    }

    /// The path of the pygen crate in generated code.
    pub(crate) fn krate(&self) -> Path {
        self.krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::pygen))
    }
}
