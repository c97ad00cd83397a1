//! What `#[generator]` emits: for a free function, the function and its
//! `name::{stackless, stackful, on}`; for a method of a `#[generator] impl`,
//! the method and its `name_stackless` / `name_stackful` / `name_on`
//! siblings (inherent impls) or the method alone (trait impls).

use crate::args::{Args, Engine};
use crate::rewrite::{Found, Me, Rewriter, via_helpers};
use crate::signature::{Types, forwarding, make_static, read_types, receiver};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Attribute, Block, FnArg, Ident, Path, Signature, Visibility};

/// One `#[generator]` function, read and checked, with its body rewritten
/// for each backend it can run on.
pub(crate) struct Generator {
    attrs: Vec<Attribute>,
    vis: Visibility,
    sig: Signature,
    types: Types,
    krate: Path,
    me: Me,
    pinned: bool,
    default: Engine,
    /// `None` when the body uses `co!()`, which only the stackful backend has.
    stackless: Option<Block>,
    stackful: Block,
    co: Ident,
    bare_yield_from: bool,
    /// The stackless body yields `Step`s (see `Rewriter`).
    stepped: bool,
    /// Which bodies call the method on another value (see `via_helpers`):
    /// stackless, stackful.
    via: (bool, bool),
}

impl Generator {
    pub(crate) fn new(
        args: Args,
        attrs: Vec<Attribute>,
        vis: Visibility,
        sig: Signature,
        block: &Block,
        me: Me,
    ) -> syn::Result<Self> {
        if let Some(asyncness) = &sig.asyncness {
            return Err(syn::Error::new(
                asyncness.span(),
                "a #[generator] fn cannot be async: a generator is resumed by plain calls \
                 (`next`, `send`); remove `async` and await futures outside the generator",
            ));
        }
        let types = read_types(&sig)?;
        let krate = args.krate();
        let item = &types.yield_ty;
        let (stackless, less) = Rewriter::new(Engine::Stackless, &krate, &me, item).rewrite(block);
        let rewriter = Rewriter::new(Engine::Stackful, &krate, &me, item);
        let co = rewriter.co.clone();
        let (stackful, full) = rewriter.rewrite(block);
        // Both bodies are checked before anything is emitted, so misuse gets
        // one clear error instead of two backends' worth of type errors.
        let Found {
            mut errors,
            co: uses_co,
            bare_yield_from,
            stepped,
            via: via_less,
        } = less;
        errors.extend(full.errors);
        if let Some(span) = uses_co
            && args.default == Some(Engine::Stackless)
        {
            errors.push(syn::Error::new(
                span,
                "`co!()` is the stackful backend's handle, so this body runs only on the \
                 stackful backend: remove `stackless` from #[generator(..)]",
            ));
        }
        if let Some(e) = errors.into_iter().reduce(|mut a, b| {
            a.combine(b);
            a
        }) {
            return Err(e);
        }
        let default = match (uses_co, args.default) {
            (Some(_), _) => Engine::Stackful,
            (None, d) => d.unwrap_or(Engine::Stackless),
        };
        if let (Me::TraitImpl(_), Engine::Stackful, Some(r)) = (&me, default, receiver(&sig))
            && r.reference.is_some()
        {
            return Err(syn::Error::new(
                r.span(),
                "a stackful generator cannot borrow `self` in a trait impl: its stack may \
                 outlive the borrow and the trait's signature cannot require `'static`; \
                 use the stackless backend (the default) for this method",
            ));
        }
        Ok(Generator {
            attrs,
            vis,
            sig,
            types,
            krate,
            me,
            pinned: args.pinned,
            default,
            stackless: uses_co.is_none().then_some(stackless),
            stackful,
            co,
            bare_yield_from,
            stepped,
            via: (via_less, full.via),
        })
    }

    /// The items a variant's body needs before its generator: the helpers
    /// of calls of the method on another value, if it makes any.
    fn helpers(&self, engine: Engine) -> TokenStream {
        let via = match engine {
            Engine::Stackless => self.via.0,
            Engine::Stackful => self.via.1,
        };
        match &self.me {
            Me::Inherent(_, Some(owner)) if via => via_helpers(owner),
            _ => quote!(),
        }
    }

    /// The attributes that also fit the items that are not functions (the
    /// companion type and its impl): `cfg` and lint levels.
    fn item_attrs(&self) -> Vec<&Attribute> {
        self.attrs
            .iter()
            .filter(|a| {
                ["cfg", "allow", "warn", "deny", "forbid"]
                    .iter()
                    .any(|n| a.path().is_ident(n))
            })
            .collect()
    }

    /// `use path::__generator::*`: lets a body call `yield_from!` by its bare
    /// name whether or not the module imports it (an explicit import wins
    /// over a glob, and stays used).
    pub(crate) fn macro_names(&self) -> TokenStream {
        if !self.bare_yield_from {
            return quote!();
        }
        let krate = &self.krate;
        let cfgs = self.item_attrs();
        quote! {
            #(#cfgs)*
            #[allow(unused_imports)]
            use #krate::__generator::*;
        }
    }

    /// Every function this generator becomes, named by `name_of(engine)` for
    /// the variants (`stackless`, `name_stackless`, ...), as items of a
    /// module (free functions) or of an impl (methods). `default_call` is how
    /// the plain function reaches the variant of its default backend.
    fn functions(
        &self,
        variant: impl Fn(&str) -> Ident,
        default_call: TokenStream,
    ) -> (TokenStream, TokenStream) {
        let Generator {
            attrs, vis, sig, ..
        } = self;
        let krate = &self.krate;
        let name = &sig.ident;
        let link = match self.me {
            Me::Free(_) => format!("[`{name}`](fn@{name})"),
            _ => format!("[`Self::{name}`]"),
        };
        let output = self.types.full_output(&sig.output);
        let static_types = self.types.made_static();
        let Types {
            yield_ty,
            send,
            ret,
            error,
        } = &static_types;
        let mut static_sig = sig.clone();
        make_static(&mut static_sig);
        let (fwd_inputs, fwd_args) = forwarding(sig);
        let (static_fwd_inputs, _) = forwarding(&static_sig);

        // The plain function: the declared signature (made `'static` when it
        // runs on the stackful backend), forwarding to its default variant.
        let plain_sig = match self.default {
            Engine::Stackless => sig.clone(),
            Engine::Stackful => static_sig.clone(),
        };
        let plain_inputs = match self.default {
            Engine::Stackless => &fwd_inputs,
            Engine::Stackful => &static_fwd_inputs,
        };
        let plain = {
            let (generics, where_clause) = (&plain_sig.generics, &plain_sig.generics.where_clause);
            let plain_output = self.types.full_output(&plain_sig.output);
            let (constness, unsafety, fn_token) = (&sig.constness, &sig.unsafety, &sig.fn_token);
            let default = variant(self.default.name());
            let turbofish = turbofish(&sig.generics);
            quote! {
                #(#attrs)*
                #[allow(deprecated)]
                #vis #constness #unsafety #fn_token #name #generics (#plain_inputs) #plain_output
                #where_clause
                {
                    #default_call #default #turbofish (#(#fwd_args),*)
                }
            }
        };

        let stackless = self.stackless.as_ref().map(|body| {
            let f = variant("stackless");
            let (generics, where_clause, inputs) =
                (&sig.generics, &sig.generics.where_clause, &sig.inputs);
            let body = self.stackless_body(body);
            let helpers = self.helpers(Engine::Stackless);
            let doc = format!("{link} on the stackless backend (a `#[coroutine]` closure).");
            quote! {
                #(#attrs)*
                #[doc = ""]
                #[doc = #doc]
                #[allow(unused_mut, unused_parens, dead_code)]
                #vis fn #f #generics (#inputs) #output #where_clause {
                    #helpers
                    #body
                }
            }
        });

        let stackful = {
            let f = variant("stackful");
            let (generics, where_clause, inputs) = (
                &static_sig.generics,
                &static_sig.generics.where_clause,
                &static_sig.inputs,
            );
            let body = self.stackful_body(&static_types);
            let helpers = self.helpers(Engine::Stackful);
            let doc = format!(
                "{link} on the stackful backend (its own stack). Its arguments are `'static`: \
                 the body may outlive the call that created it."
            );
            quote! {
                #(#attrs)*
                #[doc = ""]
                #[doc = #doc]
                #[allow(unused_mut, unused_parens, dead_code)]
                #vis fn #f #generics (#inputs)
                    -> #krate::Stackful<#yield_ty, #send, #ret, #error>
                    #where_clause
                {
                    #helpers
                    #body
                }
            }
        };

        let on = self.stackless.is_some().then(|| {
            let f = variant("on");
            let (generics, where_clause) =
                (&static_sig.generics, &static_sig.generics.where_clause);
            let (less, full) = (variant("stackless"), variant("stackful"));
            let backend = quote!(__pygen_backend: #krate::Backend);
            let inputs = match static_fwd_inputs.first() {
                Some(FnArg::Receiver(_)) => {
                    let mut rest = static_fwd_inputs.iter();
                    let recv = rest.next();
                    quote!(#recv, #backend, #(#rest),*)
                }
                _ => quote!(#backend, #static_fwd_inputs),
            };
            let turbofish = turbofish(&sig.generics);
            let doc = format!("{link} on the backend chosen at run time, boxed.");
            quote! {
                #(#attrs)*
                #[doc = ""]
                #[doc = #doc]
                #[allow(dead_code, deprecated)]
                #vis fn #f #generics (#inputs)
                    -> #krate::BoxGenerator<#yield_ty, #send, #ret, #error>
                    #where_clause
                {
                    match __pygen_backend {
                        #krate::Backend::Stackless =>
                            ::std::boxed::Box::new(#default_call #less #turbofish (#(#fwd_args),*)),
                        #krate::Backend::Stackful =>
                            ::std::boxed::Box::new(#default_call #full #turbofish (#(#fwd_args),*)),
                    }
                }
            }
        });
        (plain, quote!(#stackless #stackful #on))
    }

    /// A free function: the function, and `name::{stackless, stackful, on}`
    /// as associated functions of a type named `name` (types and functions
    /// have separate namespaces; unlike a module, a type defined inside a
    /// function body sees that body's other items).
    pub(crate) fn expand_free(&self) -> TokenStream {
        let name = &self.sig.ident;
        let vis = &self.vis;
        let item_attrs = self.item_attrs();
        let (plain, rest) = self.functions(|v| format_ident!("{v}"), quote!(#name::));
        let doc = format!(
            "The backends of [`{name}`](fn@{name}): `{name}::stackless(..)`, \
             `{name}::stackful(..)` and `{name}::on(backend, ..)`."
        );
        let names = self.macro_names();
        quote! {
            #names
            #plain
            #(#item_attrs)*
            #[doc = #doc]
            #[allow(non_camel_case_types, dead_code, missing_debug_implementations)]
            #vis struct #name {}
            #(#item_attrs)*
            impl #name {
                #rest
            }
        }
    }

    /// A method of an inherent impl: the method and its siblings.
    pub(crate) fn expand_inherent(&self) -> TokenStream {
        let name = &self.sig.ident;
        let (plain, siblings) = self.functions(|v| format_ident!("{name}_{v}"), quote!(Self::));
        quote!(#plain #siblings)
    }

    /// A method of a trait impl: the method alone, on its default backend,
    /// with the trait's signature exactly as declared.
    pub(crate) fn expand_trait_method(&self) -> TokenStream {
        let Generator {
            attrs,
            sig,
            default,
            ..
        } = self;
        let body = match (default, &self.stackless) {
            (Engine::Stackless, Some(body)) => self.stackless_body(body),
            _ => self.stackful_body(&self.types),
        };
        quote! {
            #(#attrs)*
            #[allow(unused_mut, unused_parens)]
            #sig {
                #body
            }
        }
    }
}

/// `::<T, U>` for the function's type and const parameters (lifetimes are
/// left to inference), or nothing.
fn turbofish(generics: &syn::Generics) -> TokenStream {
    let params: Vec<TokenStream> = generics
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => {
                let i = &t.ident;
                Some(quote!(#i))
            }
            syn::GenericParam::Const(c) => {
                let i = &c.ident;
                Some(quote!(#i))
            }
            _ => None,
        })
        .collect();
    if params.is_empty() {
        quote!()
    } else {
        quote!(::<#(#params),*>)
    }
}

mod bodies;
