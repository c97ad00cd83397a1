//! Reading tokens: macro arguments that are expressions, and where `yield`
//! and `yield_from!` occur.

use super::*;

/// A macro's arguments when they are expressions: `a, b, c` or `value; n`.
pub(super) enum MacroArgs {
    List(Punctuated<Expr, Token![,]>),
    Repeat(Punctuated<Expr, Token![;]>),
}

pub(super) fn parse_macro_args(tokens: TokenStream) -> Option<MacroArgs> {
    let list = Punctuated::<Expr, Token![,]>::parse_terminated;
    if let Ok(list) = list.parse2(tokens.clone()) {
        return Some(MacroArgs::List(list));
    }
    let repeat = Punctuated::<Expr, Token![;]>::parse_separated_nonempty;
    repeat
        .parse2(tokens)
        .ok()
        .filter(|r| r.len() == 2)
        .map(MacroArgs::Repeat)
}

impl MacroArgs {
    pub(super) fn visit(&mut self, v: &mut Rewriter<'_>) {
        match self {
            MacroArgs::List(list) => list.iter_mut().for_each(|e| v.visit_expr_mut(e)),
            MacroArgs::Repeat(list) => list.iter_mut().for_each(|e| v.visit_expr_mut(e)),
        }
    }

    pub(super) fn tokens(&self) -> TokenStream {
        match self {
            MacroArgs::List(list) => list.to_token_stream(),
            MacroArgs::Repeat(list) => list.to_token_stream(),
        }
    }
}

/// Whether `expr` names a place (a variable, a field, an element, a
/// dereference), which `&expr` borrows as a `&self` method call would.
pub(super) fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(p) => p.qself.is_none() && p.path.get_ident().is_some(),
        Expr::Field(f) => is_place(&f.base),
        Expr::Index(i) => is_place(&i.expr),
        Expr::Paren(p) => is_place(&p.expr),
        Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)),
        _ => false,
    }
}

pub(super) fn is_macro_named(mac: &Macro, name: &str) -> bool {
    mac.path.segments.last().is_some_and(|s| s.ident == name)
}

pub(super) fn has_coroutine_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("coroutine"))
}

pub(super) fn find_yield_token(tokens: TokenStream) -> Option<Span> {
    tokens.into_iter().find_map(|tt| match tt {
        TokenTree::Ident(i) if i == "yield" => Some(i.span()),
        TokenTree::Group(g) => find_yield_token(g.stream()),
        _ => None,
    })
}

/// Finds `yield` where no backend can suspend: inside ordinary closures.
pub(super) fn check_closure(closure: &syn::ExprClosure, errors: &mut Vec<syn::Error>) {
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

/// Whether the tokens call `yield_from!` anywhere.
pub(super) fn has_yield_from(tokens: TokenStream) -> bool {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(t) = tokens.next() {
        match t {
            TokenTree::Ident(i) if i == "yield_from" => {
                if matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    return true;
                }
            }
            TokenTree::Group(g) if has_yield_from(g.stream()) => return true,
            _ => {}
        }
    }
    false
}
