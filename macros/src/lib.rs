//! The `#[generator]` attribute of [pygen](https://docs.rs/pygen): a generator
//! body written once with native `yield`, instantiated on either backend.
//! Use it through `pygen::generator`; its documentation is there.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Expr, FnArg, GenericArgument, Ident, ItemFn, Macro, Pat, PathArguments, ReturnType, Stmt, Type,
    TypeParamBound, Visibility,
};

/// See `pygen::generator`.
#[proc_macro_attribute]
pub fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(args as Args);
    let item = syn::parse_macro_input!(input as ItemFn);
    match expand(args, item) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `#[generator]`, optionally with `stackful` / `stackless` (the backend of
/// the plain function) and `static` (a pinned, self-borrowing stackless body).
struct Args {
    default_stackful: bool,
    pinned: bool,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args {
            default_stackful: false,
            pinned: false,
        };
        let words = syn::punctuated::Punctuated::<Ident, syn::Token![,]>::parse_terminated_with(
            input,
            Ident::parse_any,
        )?;
        for word in words {
            match word.to_string().as_str() {
                "stackful" => args.default_stackful = true,
                "stackless" => args.default_stackful = false,
                "static" => args.pinned = true,
                _ => {
                    return Err(syn::Error::new(
                        word.span(),
                        "expected `stackless`, `stackful` (the backend of the plain function) \
                         or `static` (a stackless body that borrows its own locals across `yield`)",
                    ));
                }
            }
        }
        Ok(args)
    }
}

/// The four types of a generator, read from `-> impl Generator<Item = Y, ...>`.
struct Types {
    yield_ty: Type,
    send: Type,
    ret: Type,
    error: Type,
}

const SIGNATURE_HELP: &str = "a #[generator] fn must declare its types as \
     `-> impl Generator<Item = Y, Send = S, Return = R, Error = E>` \
     (Send, Return and Error are optional: (), () and Infallible)";

fn read_types(sig: &syn::Signature) -> syn::Result<Types> {
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

fn expand(args: Args, item: ItemFn) -> syn::Result<proc_macro2::TokenStream> {
    let sig = &item.sig;
    if let Some(asyncness) = &sig.asyncness {
        return Err(syn::Error::new(
            asyncness.span(),
            "a #[generator] fn cannot be async",
        ));
    }
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        return Err(syn::Error::new(
            receiver.span(),
            "#[generator] methods are not supported: write a free function that takes the receiver as an ordinary parameter",
        ));
    }
    let types = read_types(sig)?;
    let Types {
        yield_ty,
        send,
        ret,
        error,
    } = &types;

    // Both bodies are checked before anything is emitted, so misuse gets one
    // clear error instead of two backends' worth of type errors.
    let mut stackful_body = (*item.block).clone();
    let mut rewriter = StackfulRewriter {
        co: Ident::new("__pygen_co", Span::mixed_site()),
        errors: Vec::new(),
    };
    rewriter.visit_block_mut(&mut stackful_body);
    let mut stackless_body = (*item.block).clone();
    let mut stackless = StacklessRewriter { errors: Vec::new() };
    stackless.visit_block_mut(&mut stackless_body);
    if let Some(e) = rewriter
        .errors
        .into_iter()
        .chain(stackless.errors)
        .reduce(|mut a, b| {
            a.combine(b);
            a
        })
    {
        return Err(e);
    }
    let co = &rewriter.co;

    let attrs = &item.attrs;
    let vis = &item.vis;
    let name = &sig.ident;
    let (impl_generics, _, where_clause) = sig.generics.split_for_impl();
    let generics = &sig.generics;
    let _ = impl_generics;
    let inputs = &sig.inputs;
    let output = full_output(&sig.output, &types);

    // The plain function forwards its arguments, renamed (patterns such as
    // `mut n` or `(a, b)` are not expressions).
    let mut forward_inputs = inputs.clone();
    let mut forward_args = Vec::new();
    for (i, arg) in forward_inputs.iter_mut().enumerate() {
        if let FnArg::Typed(pat) = arg {
            let ident = format_ident!("__pygen_arg{}", i, span = Span::mixed_site());
            *pat.pat = Pat::Verbatim(ident.to_token_stream());
            forward_args.push(ident);
        }
    }
    let default_backend = if args.default_stackful {
        format_ident!("stackful")
    } else {
        format_ident!("stackless")
    };
    let inner_vis = inner_visibility(vis);
    // A body that borrows its own locals across `yield` must not move: a
    // `static` coroutine, pinned on the heap (one allocation per generator).
    let static_kw = if args.pinned {
        quote!(static)
    } else {
        quote!()
    };
    let coroutine = quote! {
        #[coroutine]
        #static_kw move |_: ::pygen::Resume<#send, #error>|
            -> ::core::result::Result<#ret, ::pygen::Error<#error>>
        #stackless_body
    };
    let coroutine = if args.pinned {
        quote!(::std::boxed::Box::pin(#coroutine))
    } else {
        coroutine
    };
    let stackful_ty = quote!(::pygen::Stackful<#yield_ty, #send, #ret, #error>);
    let doc = format!(
        "The two backends of [`{name}`]: the same body on `stackless` (a `#[coroutine]` closure) and `stackful` (a corosensei stack)."
    );

    Ok(quote! {
        #(#attrs)*
        #vis fn #name #generics (#forward_inputs) #output #where_clause {
            #name::#default_backend(#(#forward_args),*)
        }

        #[doc = #doc]
        #vis mod #name {
            #[allow(unused_imports)]
            use super::*;

            /// The body on the stackless backend.
            #[allow(unused_mut, unused_parens)]
            #inner_vis fn stackless #generics (#inputs) #output #where_clause {
                ::pygen::Stackless::<_, #send, #error>::new(#coroutine)
            }

            /// The body on the backend chosen at run time, boxed.
            #[allow(dead_code)]
            #inner_vis fn on #generics (__pygen_backend: ::pygen::Backend, #forward_inputs)
                -> ::pygen::BoxGenerator<#yield_ty, #send, #ret, #error> #where_clause
            {
                match __pygen_backend {
                    ::pygen::Backend::Stackless => ::std::boxed::Box::new(stackless(#(#forward_args),*)),
                    ::pygen::Backend::Stackful => ::std::boxed::Box::new(stackful(#(#forward_args),*)),
                }
            }

            /// The body on the stackful backend.
            #[allow(unused_mut, unused_parens)]
            #inner_vis fn stackful #generics (#inputs) -> #stackful_ty #where_clause {
                <#stackful_ty>::new(
                    move |#co: &::pygen::Co<#yield_ty, #send, #error>|
                        -> ::core::result::Result<#ret, ::pygen::Error<#error>>
                    #stackful_body
                )
            }
        }
    })
}

/// The declared `-> impl Generator<..>` with all four types spelled out, so
/// that callers (and `on`) see `Send`, `Return` and `Error` even when the
/// declaration left them to their defaults. Other bounds are kept.
fn full_output(output: &ReturnType, types: &Types) -> ReturnType {
    let mut output = output.clone();
    let Types {
        yield_ty,
        send,
        ret,
        error,
    } = types;
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

/// The functions inside the companion module are as visible as the plain one.
fn inner_visibility(vis: &Visibility) -> proc_macro2::TokenStream {
    match vis {
        Visibility::Inherited => quote!(pub(super)),
        Visibility::Public(_) => quote!(pub),
        Visibility::Restricted(r) if r.path.is_ident("crate") => quote!(pub(crate)),
        Visibility::Restricted(_) => quote!(pub(crate)),
    }
}

fn is_macro_named(mac: &Macro, name: &str) -> bool {
    mac.path.segments.last().is_some_and(|s| s.ident == name)
}

fn has_coroutine_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("coroutine"))
}

fn find_yield_token(tokens: proc_macro2::TokenStream) -> Option<Span> {
    tokens.into_iter().find_map(|tt| match tt {
        TokenTree::Ident(i) if i == "yield" => Some(i.span()),
        TokenTree::Group(g) => find_yield_token(g.stream()),
        _ => None,
    })
}

/// Finds `yield` where no backend can suspend: inside ordinary closures.
fn check_closure(closure: &syn::ExprClosure, errors: &mut Vec<syn::Error>) {
    if has_coroutine_attr(&closure.attrs) {
        return; // a nested coroutine keeps its own yields
    }
    struct Finder<'a>(&'a mut Vec<syn::Error>);
    impl VisitMut for Finder<'_> {
        fn visit_expr_yield_mut(&mut self, y: &mut syn::ExprYield) {
            self.0.push(syn::Error::new(
                y.yield_token.span(),
                "`yield` inside a closure cannot suspend the generator; \
                 use a `for` loop in the generator body instead of a closure",
            ));
        }
        fn visit_expr_closure_mut(&mut self, c: &mut syn::ExprClosure) {
            check_closure(c, self.0);
        }
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    }
    let mut body = (*closure.body).clone();
    Finder(errors).visit_expr_mut(&mut body);
}

/// The stackless body: `yield` stays native; `yield_from!` gets its full path.
struct StacklessRewriter {
    errors: Vec<syn::Error>,
}

impl VisitMut for StacklessRewriter {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(c) => check_closure(c, &mut self.errors),
            Expr::Macro(m) if is_macro_named(&m.mac, "yield_from") => {
                let tokens = &m.mac.tokens;
                *expr = syn::parse_quote_spanned!(m.mac.span()=> ::pygen::yield_from!(#tokens));
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt
            && is_macro_named(&m.mac, "yield_from")
        {
            let tokens = &m.mac.tokens;
            let semi = &m.semi_token;
            *stmt = syn::parse_quote_spanned!(m.mac.span()=> ::pygen::yield_from!(#tokens) #semi);
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The stackful body: `yield v` becomes `co.yield_(v)`, `yield_from!(x)`
/// becomes `co.yield_from(delegate!(x))`.
struct StackfulRewriter {
    co: Ident,
    errors: Vec<syn::Error>,
}

impl StackfulRewriter {
    fn rewrite_macro(&mut self, mac: &Macro) -> Option<Expr> {
        let co = self.co.clone();
        if is_macro_named(mac, "yield_from") {
            let mut sub: Expr = match mac.parse_body() {
                Ok(e) => e,
                Err(e) => {
                    self.errors.push(e);
                    return None;
                }
            };
            self.visit_expr_mut(&mut sub);
            return Some(syn::parse_quote_spanned!(mac.span()=>
                #co.yield_from(::pygen::delegate!(#sub))
            ));
        }
        if let Some(span) = find_yield_token(mac.tokens.clone()) {
            let name = mac.path.to_token_stream().to_string().replace(' ', "");
            self.errors.push(syn::Error::new(
                span,
                format!(
                    "`yield` inside a macro call (`{name}!`) cannot be rewritten for the stackful backend; \
                     bind it first: `let v = (yield x)?;` and pass `v` to the macro"
                ),
            ));
        }
        None
    }
}

impl VisitMut for StackfulRewriter {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Yield(y) => {
                let co = self.co.clone();
                let span = y.yield_token.span();
                let value = match y.expr.take() {
                    Some(mut v) => {
                        self.visit_expr_mut(&mut v);
                        v.to_token_stream()
                    }
                    None => quote!(()),
                };
                *expr = syn::parse2(quote_spanned!(span=> #co.yield_(#value)))
                    .expect("a method call is an expression");
            }
            Expr::Closure(c) => check_closure(c, &mut self.errors),
            Expr::Macro(m) => {
                if let Some(new) = self.rewrite_macro(&m.mac) {
                    *expr = new;
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt {
            if let Some(new) = self.rewrite_macro(&m.mac) {
                *stmt = Stmt::Expr(new, m.semi_token);
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
