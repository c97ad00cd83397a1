//! The body, rewritten for one backend.
//!
//! - stackless: `yield v` stays native, its value converted to the item
//!   type (`yield { let v: Item = v; v }`: a coercion site, as the stackful
//!   `co.yield_(v)` is) and, in a body that delegates, yielded as
//!   `Step::Value(v)`; `yield_from!(x)` hands a boxed frame to the driving
//!   generator (one hop per value at any depth), and calls to the generator
//!   itself go to its stackless variant — boxed (a coroutine cannot hold its
//!   own type inline), except directly inside `yield_from!`, whose frame box
//!   erases the type.
//!   A `&self` method called on another value, `child.name(..)`, goes there
//!   too when that value is (a reference to, or a `Box`/`Rc`/`Arc` of) the
//!   impl's type, and to whatever `name` it has otherwise (see `via_call`).
//! - stackful: `yield v` becomes `co.yield_(v)`, `yield_from!(x)` becomes
//!   `co.yield_from(delegate!(x))`, `co!()` becomes the handle, and calls to
//!   the generator itself go to its stackful variant.
//!
//! Both look inside other macros' arguments when those parse as expressions
//! (`println!("{:?}", (yield 1)?)`, `vec![yield 1, yield 2]`), and inside
//! closures (self-calls and `co!()`; a `yield` there is an error). Nested
//! items, `async` blocks and `#[coroutine]` closures keep their meaning.

use crate::args::Engine;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Ident, Macro, Path, Stmt, Token, Type};

/// How the body names the generator it belongs to.
#[derive(Clone)]
pub(crate) enum Me {
    /// A free function: `name(..)`, reached as `name::stackless(..)`.
    Free(Ident),
    /// An inherent method or associated function: `self.name(..)` and
    /// `Self::name(..)`, reached as `Self::name_stackless(..)`; for a `&self`
    /// method also `other.name(..)` (see [`Owner`]).
    Inherent(Ident, Option<Box<Owner>>),
    /// A method of a trait impl: one backend, the call stays as written.
    TraitImpl(Ident),
}

impl Me {
    fn name(&self) -> &Ident {
        match self {
            Me::Free(n) | Me::Inherent(n, _) | Me::TraitImpl(n) => n,
        }
    }
}

/// The inherent impl of a `&self` generator method: what a call of the
/// method on another value needs to find out, by type, whether that value is
/// one of the impl's.
#[derive(Clone)]
pub(crate) struct Owner {
    pub(crate) self_ty: syn::Type,
    pub(crate) generics: syn::Generics,
    /// The method's arguments after `&self`.
    pub(crate) arity: usize,
}

/// What the rewriting found out about the body.
#[derive(Default)]
pub(crate) struct Found {
    pub(crate) errors: Vec<syn::Error>,
    /// Where the body asks for the stackful handle, if it does.
    pub(crate) co: Option<Span>,
    /// The body calls `yield_from!` by its bare name.
    pub(crate) bare_yield_from: bool,
    /// The stackless body yields `Step`s (it has a `yield_from!`).
    pub(crate) stepped: bool,
    /// The body calls the method on another value: it needs the helpers of
    /// [`via_helpers`].
    pub(crate) via: bool,
}

pub(crate) struct Rewriter<'a> {
    engine: Engine,
    /// The generator's `Item`: a stackless `yield` converts its value to it.
    item: &'a Type,
    pub(crate) co: Ident,
    krate: &'a Path,
    me: &'a Me,
    found: Found,
}

impl<'a> Rewriter<'a> {
    pub(crate) fn new(engine: Engine, krate: &'a Path, me: &'a Me, item: &'a Type) -> Self {
        Rewriter {
            engine,
            item,
            co: Ident::new("__pygen_co", Span::mixed_site()),
            krate,
            me,
            found: Found::default(),
        }
    }

    /// The stackful handle, resolved as the body's closure parameter but
    /// located at `span` (the user's `yield` or `yield_from!`), so that a
    /// diagnostic about it points there, not at the attribute.
    fn co_at(&self, span: Span) -> Ident {
        let mut co = self.co.clone();
        co.set_span(co.span().located_at(span));
        co
    }

    /// Rewrites a copy of `block` for this backend.
    pub(crate) fn rewrite(mut self, block: &Block) -> (Block, Found) {
        // Only a stackless body that delegates pays for the `Step` channel
        // (a pointer in the generator); the others keep plain yields.
        self.found.stepped = !self.stackful() && has_yield_from(block.to_token_stream());
        let mut block = block.clone();
        self.visit_block_mut(&mut block);
        (block, self.found)
    }

    fn stackful(&self) -> bool {
        self.engine == Engine::Stackful
    }

    /// The replacement of a `yield_from!` or `co!()` call, or `None` after
    /// rewriting any other macro's arguments in place.
    fn rewrite_macro(&mut self, mac: &mut Macro) -> Option<Expr> {
        let krate = self.krate;
        if is_macro_named(mac, "yield_from") {
            let mut sub: Expr = match mac.parse_body() {
                Ok(e) => e,
                Err(e) => {
                    self.found.errors.push(e);
                    return None;
                }
            };
            if self.stackful() {
                self.visit_expr_mut(&mut sub);
                // In parentheses, as for `yield` (see `visit_expr_mut`).
                let co = self.co_at(mac.span());
                return Some(syn::parse_quote_spanned!(mac.span()=>
                    (#co).yield_from(#krate::delegate!(#sub))
                ));
            }
            // A self-call right here needs no box of its own: the frame's box
            // erases its type (and it is not `Send`-checked, which would ask
            // about the generator's own type while defining it).
            let self_call = matches!(sub, Expr::Call(_) | Expr::MethodCall(_)) && {
                visit_mut::visit_expr_mut(self, &mut sub);
                self.rewrite_self_call(&mut sub, false)
            };
            if !self_call && !matches!(sub, Expr::Call(_) | Expr::MethodCall(_)) {
                self.visit_expr_mut(&mut sub);
            }
            // Still a call of the user's `yield_from!` (so their import stays
            // used), in its stepped form.
            if mac.path.segments.len() == 1 && mac.path.leading_colon.is_none() {
                self.found.bare_yield_from = true;
            }
            let form = if self_call {
                quote!(@stepped_local)
            } else {
                quote!(@stepped)
            };
            mac.tokens = quote!(#form #sub);
            return None;
        }
        if is_macro_named(mac, "co") && mac.path.segments.len() == 1 {
            if !mac.tokens.is_empty() {
                self.found.errors.push(syn::Error::new(
                    mac.tokens.span(),
                    "`co!()` takes no arguments: it is the stackful generator's handle, `&Co<Y, S, E>`",
                ));
            }
            self.found.co.get_or_insert(mac.path.span());
            let co = &self.co;
            return self.stackful().then(|| syn::parse_quote!(#co));
        }
        if is_macro_named(mac, "stringify") || is_macro_named(mac, "concat") {
            return None; // their arguments are text, not code
        }
        match parse_macro_args(mac.tokens.clone()) {
            Some(mut args) => {
                let before = args.tokens().to_string();
                args.visit(self);
                let after = args.tokens();
                if after.to_string() != before {
                    mac.tokens = after;
                }
            }
            None => {
                if (self.stackful() || self.found.stepped)
                    && let Some(span) = find_yield_token(mac.tokens.clone())
                {
                    let name = mac.path.to_token_stream().to_string().replace(' ', "");
                    self.found.errors.push(syn::Error::new(
                        span,
                        format!(
                            "`yield` inside `{name}!` cannot be rewritten: \
                             its arguments are not expressions; bind the value first: \
                             `let v = (yield x)?;` and pass `v` to the macro"
                        ),
                    ));
                }
            }
        }
        None
    }

    /// The call, sent to this backend's variant of the generator itself.
    fn rewrite_self_call(&mut self, expr: &mut Expr, boxed: bool) -> bool {
        let engine = format_ident!("{}", self.engine.name());
        let name = self.me.name();
        let sibling = format_ident!("{}_{}", name, self.engine.name(), span = name.span());
        let hit = match (&mut *expr, self.me) {
            (Expr::Call(call), Me::Free(_)) => match &mut *call.func {
                Expr::Path(p)
                    if p.qself.is_none()
                        && p.path.leading_colon.is_none()
                        && p.path.segments.len() == 1
                        && p.path.segments[0].ident == *name =>
                {
                    let args = std::mem::take(&mut p.path.segments[0].arguments);
                    let span = p.path.segments[0].ident.span();
                    p.path = syn::parse_quote_spanned!(span=> #name::#engine #args);
                    true
                }
                _ => false,
            },
            (Expr::Call(call), Me::Inherent(..) | Me::TraitImpl(_)) => match &mut *call.func {
                Expr::Path(p)
                    if p.qself.is_none()
                        && p.path.segments.len() == 2
                        && p.path.segments[0].ident == "Self"
                        && p.path.segments[1].ident == *name =>
                {
                    if matches!(self.me, Me::Inherent(..)) {
                        p.path.segments[1].ident = sibling;
                    }
                    true
                }
                _ => false,
            },
            (Expr::MethodCall(m), Me::Inherent(..) | Me::TraitImpl(_))
                if m.method == *name
                    && matches!(&*m.receiver, Expr::Path(p) if p.path.is_ident("self")) =>
            {
                if matches!(self.me, Me::Inherent(..)) {
                    m.method = sibling;
                }
                true
            }
            (Expr::MethodCall(m), Me::Inherent(_, Some(owner)))
                if m.method == *name && m.args.len() == owner.arity && is_place(&m.receiver) =>
            {
                *expr = self.via_call(m, &sibling, boxed);
                self.found.via = true;
                return true;
            }
            _ => false,
        };
        if hit && boxed && !self.stackful() {
            // A coroutine holding its own type inline would be infinitely big.
            let call = expr.clone();
            *expr = syn::parse_quote_spanned!(call.span()=> ::std::boxed::Box::new(#call));
        }
        hit
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Yield(y) => {
                let span = y.yield_token.span();
                let value = match y.expr.take() {
                    Some(mut v) => {
                        self.visit_expr_mut(&mut v);
                        v.to_token_stream()
                    }
                    None => quote!(()),
                };
                if self.stackful() {
                    // The handle in parentheses of the `yield`'s span: the
                    // call's span is then the user's `yield` (a span from the
                    // handle's hygiene to the user's would widen to the whole
                    // attribute), and so is a lint on it, such as an unused
                    // resume value.
                    let co = self.co_at(span);
                    *expr = syn::parse2(quote_spanned!(span=> (#co).yield_(#value)))
                        .expect("a method call is an expression");
                    return;
                }
                // Converted to the item type where it is written (`&String`
                // to `&str`, `Box<T>` to `Box<dyn Trait>`), as the stackful
                // `co.yield_(value)` converts its argument: one body compiles
                // on both backends, and a value of the wrong type is reported
                // here, not at the attribute. The binding is spanned at the
                // `yield`, the type where the signature names it.
                let (item, v) = (self.item, Ident::new("__pygen_yielded", Span::mixed_site()));
                let value = quote_spanned!(span=> { let #v: #item = #value; #v });
                let value = if self.found.stepped {
                    let krate = self.krate;
                    quote_spanned!(span=> #krate::__private::Step::Value(#value))
                } else {
                    value
                };
                y.expr = Some(Box::new(
                    syn::parse2(value).expect("the value is an expression"),
                ));
                *expr = Expr::Yield(y.clone());
            }
            Expr::Closure(c) => {
                check_closure(c, &mut self.found.errors);
                // Self-calls and `co!()` inside a closure are rewritten too
                // (its `yield`s are errors, reported above).
                if !has_coroutine_attr(&c.attrs) {
                    visit_mut::visit_expr_closure_mut(self, c);
                }
            }
            Expr::Async(_) => {}
            Expr::Await(a) => self.found.errors.push(syn::Error::new(
                a.await_token.span(),
                "`.await` cannot run in a #[generator] body: a generator is not async. \
                 Await the future before creating the generator and pass the result in, \
                 `send` it in, or yield the future for the caller to await",
            )),
            Expr::Macro(m) => {
                if let Some(new) = self.rewrite_macro(&mut m.mac) {
                    *expr = new;
                }
            }
            Expr::Call(_) | Expr::MethodCall(_) => {
                visit_mut::visit_expr_mut(self, expr);
                self.rewrite_self_call(expr, true);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt {
            if let Some(new) = self.rewrite_macro(&mut m.mac) {
                *stmt = Stmt::Expr(new, m.semi_token);
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, stmt);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

mod syntax;
mod via;

use syntax::*;
pub(crate) use via::via_helpers;
