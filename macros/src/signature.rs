//! Reading a generator's signature: its four types, how to forward its
//! arguments, and the `'static` version the stackful backend needs.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{
    FnArg, GenericArgument, GenericParam, Lifetime, Pat, PathArguments, ReturnType, Signature,
    Type, TypeParamBound, WherePredicate,
};

/// The four types of a generator, read from `-> impl Generator<Item = Y, ...>`.
pub(crate) struct Types {
    pub(crate) yield_ty: Type,
    pub(crate) send: Type,
    pub(crate) ret: Type,
    pub(crate) error: Type,
}

const SIGNATURE_HELP: &str = "a #[generator] fn must declare its types as \
     `-> impl Generator<Item = Y, Send = S, Return = R, Error = E>` \
     (Send, Return and Error are optional: (), () and Infallible)";

pub(crate) fn read_types(sig: &Signature) -> syn::Result<Types> {
    let ty = match &sig.output {
        ReturnType::Type(_, ty) => ty,
        // Point where the return type belongs: right after the parameters.
        ReturnType::Default => {
            return Err(syn::Error::new(
                sig.paren_token.span.close(),
                SIGNATURE_HELP,
            ));
        }
    };
    let Type::ImplTrait(imp) = &**ty else {
        return Err(syn::Error::new(ty.span(), SIGNATURE_HELP));
    };
    let bound = imp.bounds.iter().find_map(|b| match b {
        TypeParamBound::Trait(t)
            if t.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Generator") =>
        {
            t.path.segments.last()
        }
        _ => None,
    });
    let Some(segment) = bound else {
        return Err(syn::Error::new(ty.span(), SIGNATURE_HELP));
    };
    let (mut yield_ty, mut send, mut ret, mut error) = (None, None, None, None);
    if let PathArguments::AngleBracketed(args) = &segment.arguments {
        for arg in &args.args {
            let GenericArgument::AssocType(assoc) = arg else {
                return Err(syn::Error::new(arg.span(), SIGNATURE_HELP));
            };
            let slot = match assoc.ident.to_string().as_str() {
                "Item" => &mut yield_ty,
                "Send" => &mut send,
                "Return" => &mut ret,
                "Error" => &mut error,
                _ => {
                    return Err(syn::Error::new(
                        assoc.ident.span(),
                        "unknown associated type: expected Item, Send, Return or Error",
                    ));
                }
            };
            if let Some(opaque) = impl_trait_in(&assoc.ty) {
                return Err(syn::Error::new(
                    opaque.span(),
                    format!(
                        "`{}` cannot be an `impl Trait`: the generator's types are named in \
                         its body and in the stackful variant's type; name the type, or box \
                         it (`Box<dyn Trait>`)",
                        assoc.ident
                    ),
                ));
            }
            *slot = Some(assoc.ty.clone());
        }
    }
    let Some(yield_ty) = yield_ty else {
        return Err(syn::Error::new(
            segment.span(),
            "missing the yield type: write `impl Generator<Item = Y, ...>`",
        ));
    };
    let unit: Type = syn::parse_quote!(());
    Ok(Types {
        yield_ty,
        send: send.unwrap_or_else(|| unit.clone()),
        ret: ret.unwrap_or(unit),
        error: error.unwrap_or_else(|| syn::parse_quote!(::core::convert::Infallible)),
    })
}

/// The first `impl Trait` in `ty`, if any.
fn impl_trait_in(ty: &Type) -> Option<syn::TypeImplTrait> {
    struct Finder(Option<syn::TypeImplTrait>);
    impl syn::visit::Visit<'_> for Finder {
        fn visit_type_impl_trait(&mut self, t: &syn::TypeImplTrait) {
            self.0.get_or_insert_with(|| t.clone());
        }
    }
    let mut finder = Finder(None);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}

impl Types {
    /// The declared `-> impl Generator<..>` with all four types spelled out,
    /// so that callers see `Send`, `Return` and `Error` even when the
    /// declaration left them to their defaults. Other bounds are kept.
    pub(crate) fn full_output(&self, output: &ReturnType) -> ReturnType {
        let mut output = output.clone();
        let Types {
            yield_ty,
            send,
            ret,
            error,
        } = self;
        if let ReturnType::Type(_, ty) = &mut output
            && let Type::ImplTrait(imp) = &mut **ty
        {
            for bound in imp.bounds.iter_mut() {
                if let TypeParamBound::Trait(t) = bound
                    && let Some(seg) = t.path.segments.last_mut()
                    && seg.ident == "Generator"
                {
                    seg.arguments = PathArguments::AngleBracketed(syn::parse_quote!(
                        <Item = #yield_ty, Send = #send, Return = #ret, Error = #error>
                    ));
                }
            }
        }
        output
    }

    /// The same types with every elided or named lifetime made `'static`
    /// (see [`make_static`]).
    pub(crate) fn made_static(&self) -> Types {
        let fix = |t: &Type| {
            let mut t = t.clone();
            StaticLifetimes { in_arg: false }.visit_type_mut(&mut t);
            t
        };
        Types {
            yield_ty: fix(&self.yield_ty),
            send: fix(&self.send),
            ret: fix(&self.ret),
            error: fix(&self.error),
        }
    }
}

/// The receiver of a method, if the signature has one.
pub(crate) fn receiver(sig: &Signature) -> Option<&syn::Receiver> {
    match sig.inputs.first() {
        Some(FnArg::Receiver(r)) => Some(r),
        _ => None,
    }
}

/// The parameters with each pattern replaced by a plain name (patterns such
/// as `mut n` or `(a, b)` are not expressions), and the argument list that
/// passes them on (`self` first for a method).
pub(crate) fn forwarding(
    sig: &Signature,
) -> (
    syn::punctuated::Punctuated<FnArg, syn::Token![,]>,
    Vec<TokenStream>,
) {
    let mut inputs = sig.inputs.clone();
    let mut args = Vec::new();
    for (i, arg) in inputs.iter_mut().enumerate() {
        match arg {
            FnArg::Typed(pat) => {
                let ident = format_ident!("__pygen_arg{}", i, span = Span::mixed_site());
                *pat.pat = Pat::Verbatim(ident.to_token_stream());
                args.push(ident.to_token_stream());
            }
            FnArg::Receiver(r) => args.push(r.self_token.to_token_stream()),
        }
    }
    (inputs, args)
}

/// The signature the stackful backend needs: its body runs on its own stack
/// and may outlive the call that made it, so everything it holds is
/// `'static`. Elided lifetimes (`&T`, `'_`, `&self`) become `'static`, named
/// ones and type parameters get `: 'static`, `impl Trait` arguments get
/// `+ 'static`, and a method gets `Self: 'static`. The result is always a
/// valid signature: a caller with `'static` arguments gets a generator, one
/// with borrowed arguments gets rustc's "borrowed value does not live long
/// enough ... argument requires that `x` is borrowed for `'static`".
pub(crate) fn make_static(sig: &mut Signature) {
    bound_params_static(&mut sig.generics);
    if receiver(sig).is_some() {
        let bound: WherePredicate = syn::parse_quote!(Self: 'static);
        sig.generics.make_where_clause().predicates.push(bound);
    }
    for arg in sig.inputs.iter_mut() {
        match arg {
            FnArg::Receiver(r) => {
                if let Some((_, lifetime)) = &mut r.reference
                    && lifetime.as_ref().is_none_or(|l| l.ident == "_")
                {
                    *lifetime = Some(Lifetime::new("'static", r.self_token.span));
                }
                StaticLifetimes { in_arg: true }.visit_type_mut(&mut r.ty);
            }
            FnArg::Typed(t) => StaticLifetimes { in_arg: true }.visit_type_mut(&mut t.ty),
        }
    }
    if let ReturnType::Type(_, ty) = &mut sig.output {
        StaticLifetimes { in_arg: false }.visit_type_mut(ty);
    }
}

/// `: 'static` on every lifetime and type parameter, where its other bounds
/// are (in the `where` clause if it has bounds there, else inline), and not
/// twice: clippy's `multiple_bound_locations` and rustc's duplicate-bound
/// checks see these bounds as the user's.
fn bound_params_static(generics: &mut syn::Generics) {
    let stat = Lifetime::new("'static", Span::call_site());
    let mut where_clause = generics.where_clause.take();
    for param in generics.params.iter_mut() {
        match param {
            GenericParam::Lifetime(l) => {
                let in_where = where_clause
                    .iter_mut()
                    .flat_map(|w| w.predicates.iter_mut())
                    .find_map(|p| match p {
                        WherePredicate::Lifetime(pl) if pl.lifetime == l.lifetime => {
                            Some(&mut pl.bounds)
                        }
                        _ => None,
                    });
                let bounds = in_where.unwrap_or(&mut l.bounds);
                if !bounds.iter().any(|b| b.ident == "static") {
                    bounds.push(stat.clone());
                }
            }
            GenericParam::Type(t) => {
                let is_static = |b: &TypeParamBound| matches!(b, TypeParamBound::Lifetime(l) if l.ident == "static");
                let ident = &t.ident;
                let in_where = where_clause
                    .iter_mut()
                    .flat_map(|w| w.predicates.iter_mut())
                    .find_map(|p| match p {
                        WherePredicate::Type(pt)
                            if matches!(&pt.bounded_ty, Type::Path(tp)
                                if tp.qself.is_none() && tp.path.is_ident(ident)) =>
                        {
                            Some(&mut pt.bounds)
                        }
                        _ => None,
                    });
                let bounds = in_where.unwrap_or(&mut t.bounds);
                if !bounds.iter().any(is_static) {
                    bounds.push(TypeParamBound::Lifetime(stat.clone()));
                }
            }
            GenericParam::Const(_) => {}
        }
    }
    generics.where_clause = where_clause;
}

/// Rewrites elided lifetimes to `'static`; in argument position, also makes
/// `impl Trait` `'static`. Function pointer types and `Fn(..)` sugar keep
/// their own (higher-ranked) elision.
struct StaticLifetimes {
    in_arg: bool,
}

impl VisitMut for StaticLifetimes {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(Lifetime::new("'static", r.and_token.span));
        }
        visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident == "_" {
            *l = Lifetime::new("'static", l.apostrophe);
        }
    }

    fn visit_type_impl_trait_mut(&mut self, t: &mut syn::TypeImplTrait) {
        if self.in_arg {
            t.bounds.push(syn::parse_quote!('static));
        }
        visit_mut::visit_type_impl_trait_mut(self, t);
    }

    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}

    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}
