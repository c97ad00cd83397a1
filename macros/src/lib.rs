//! The `#[generator]` attribute of [pygen](https://docs.rs/pygen): a generator
//! body written once with native `yield`, instantiated on either backend.
//! Use it through `pygen::generator`; its documentation is there.
//!
//! - `args`: the attribute's arguments;
//! - `signature`: the four types, argument forwarding, the `'static` signature
//!   of the stackful variant;
//! - `rewrite`: the body for each backend;
//! - `expand`: the items emitted for a free function and for methods.

mod args;
mod expand;
mod rewrite;
mod signature;

use args::Args;
use expand::Generator;
use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use rewrite::{Me, Owner};
use syn::spanned::Spanned;
use syn::{ImplItem, Item};

/// See `pygen::generator`.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(args as Args);
    let item = syn::parse_macro_input!(input as Item);
    let expanded = match item {
        Item::Fn(f) => expand_fn(args, f),
        Item::Impl(i) => expand_impl(args, i),
        other => Err(syn::Error::new(
            other.span(),
            "#[generator] applies to a fn, or to an impl block whose generator methods \
             are marked #[generator]",
        )),
    };
    match expanded {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand_fn(args: Args, f: syn::ItemFn) -> syn::Result<TokenStream2> {
    if let Some(syn::FnArg::Receiver(r)) = f.sig.inputs.first() {
        return Err(syn::Error::new(
            r.span(),
            "a #[generator] method needs #[generator] on its impl block too: \
             `#[generator] impl Type { #[generator] fn name(&self) -> impl Generator<..> { .. } }` \
             (it adds `name_stackless`, `name_stackful` and `name_on` next to the method, \
             which an attribute on the method alone cannot)",
        ));
    }
    let me = Me::Free(f.sig.ident.clone());
    Ok(Generator::new(args, f.attrs, f.vis, f.sig, &f.block, me)?.expand_free())
}

/// `#[generator] impl ..`: expands the methods marked `#[generator]`. In an
/// inherent impl each gets `_stackless`/`_stackful`/`_on` siblings; in a trait
/// impl the method runs on its default backend.
fn expand_impl(args: Args, mut imp: syn::ItemImpl) -> syn::Result<TokenStream2> {
    let is_trait = imp.trait_.is_some();
    let mut items = Vec::new();
    let mut names = Vec::new();
    let mut errors: Option<syn::Error> = None;
    let mut any = false;
    for item in std::mem::take(&mut imp.items) {
        let ImplItem::Fn(mut f) = item else {
            items.push(quote!(#item));
            continue;
        };
        let Some(pos) = f.attrs.iter().position(is_generator_attr) else {
            items.push(quote!(#f));
            continue;
        };
        any = true;
        let attr = f.attrs.remove(pos);
        let expanded = method_args(&attr).and_then(|own| {
            let name = f.sig.ident.clone();
            let me = if is_trait {
                Me::TraitImpl(name)
            } else {
                // A `&self` method may be called on another value of the type.
                let shared_self = matches!(f.sig.inputs.first(),
                    Some(syn::FnArg::Receiver(r)) if r.reference.is_some() && r.mutability.is_none());
                let owner = shared_self.then(|| Box::new(Owner {
                    self_ty: (*imp.self_ty).clone(),
                    generics: imp.generics.clone(),
                    arity: f.sig.inputs.len() - 1,
                }));
                Me::Inherent(name, owner)
            };
            let g = Generator::new(own.or(&args), f.attrs, f.vis, f.sig, &f.block, me)?;
            names.push(g.macro_names());
            Ok(if is_trait {
                g.expand_trait_method()
            } else {
                g.expand_inherent()
            })
        });
        match expanded {
            Ok(tokens) => items.push(tokens),
            Err(e) => match &mut errors {
                Some(all) => all.combine(e),
                None => errors = Some(e),
            },
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    if !any {
        return Err(syn::Error::new(
            imp.impl_token.span,
            "#[generator] on an impl block expands the methods inside it that are marked \
             #[generator]; mark the generator methods",
        ));
    }
    let syn::ItemImpl {
        attrs,
        defaultness,
        unsafety,
        impl_token,
        generics,
        trait_,
        self_ty,
        ..
    } = &imp;
    let (bang, path, for_token) = match trait_ {
        Some((bang, path, for_token)) => (bang.as_ref(), Some(path), Some(for_token)),
        None => (None, None, None),
    };
    let where_clause = &generics.where_clause;
    let cfgs = attrs.iter().filter(|a| a.path().is_ident("cfg"));
    // One glob import is enough for the whole impl.
    let names = names
        .into_iter()
        .find(|n| !n.is_empty())
        .map(|n| quote!(#(#cfgs)* #n));
    Ok(quote! {
        #names
        #(#attrs)*
        #defaultness #unsafety #impl_token #generics #bang #path #for_token #self_ty #where_clause {
            #(#items)*
        }
    })
}

fn is_generator_attr(a: &syn::Attribute) -> bool {
    a.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "generator")
}

fn method_args(attr: &syn::Attribute) -> syn::Result<Args> {
    match &attr.meta {
        syn::Meta::Path(_) => Ok(Args::default()),
        _ => attr.parse_args(),
    }
}
