//! A `&self` generator method called on another value: the receiver's type
//! decides, at compile time, whether it is the generator itself.

use super::*;

impl Rewriter<'_> {
    /// `recv.name(args)` on a place (`child`, `node.left`, `v[i]`) that may
    /// or may not be of the impl's type: the receiver's type picks, at
    /// compile time, between this backend's variant (when it is the impl's
    /// type, see [`via_helpers`]) and the call as written on `&recv` (any
    /// other type's `name`). The arguments are evaluated once, after the
    /// receiver, as in the call written. The one call this cannot make is
    /// another type's `name` that consumes or mutably borrows a place
    /// (`iter.take(n)` in a generator named `take`): rustc reports the move
    /// at the receiver, and the path call `Iterator::take(iter, n)` is the
    /// spelling to use. Receivers that are not places (`a.iter().take(n)`)
    /// are left as written.
    pub(super) fn via_call(&self, m: &syn::ExprMethodCall, sibling: &Ident, boxed: bool) -> Expr {
        let (recv, method, turbofish) = (&m.receiver, &m.method, &m.turbofish);
        let r = Ident::new("__pygen_r", Span::mixed_site());
        let args: Vec<Ident> = (0..m.args.len())
            .map(|i| format_ident!("__pygen_a{}", i, span = Span::mixed_site()))
            .collect();
        // Errors of the call as written (another type's `name` that takes
        // `self` or `&mut self`) point at the receiver.
        let r_at_recv = Ident::new("__pygen_r", Span::mixed_site().located_at(recv.span()));
        let values = m.args.iter();
        let mut variant =
            quote_spanned!(method.span()=> Self::#sibling #turbofish (#r, #(#args),*));
        if boxed && !self.stackful() {
            variant = quote!(::std::boxed::Box::new(#variant));
        }
        syn::parse_quote_spanned!(method.span()=>
            (&&__PygenVia(&(#recv))).__pygen_select(
                (#(#values,)*),
                |#r, (#(#args,)*)| #r_at_recv.#method #turbofish (#(#args),*),
                |#r, (#(#args,)*)| #variant,
            )
        )
    }
}

/// The items a body with [`Rewriter::via_call`]s needs: `__PygenVia(&recv)`
/// and two traits with a method `__pygen_select`. `__PygenSibling` is
/// implemented for `&__PygenVia<&R>` where `R` is the impl's type `T`, `&T`,
/// `&mut T`, or a `Box`, `Rc` or `Arc` of `T` (or a reference to one), and
/// calls the variant with the `&T` that `recv.name(..)` would have passed;
/// `__PygenPlain`, on `__PygenVia<&R>` for every `R`, is found one
/// auto-dereference later, so only when the first does not apply, and makes
/// the call as written.
pub(crate) fn via_helpers(owner: &Owner) -> TokenStream {
    let Owner {
        self_ty, generics, ..
    } = owner;
    let (params, where_clause) = (&generics.params, &generics.where_clause);
    let b = quote!('__pygen_b);
    let a = quote!('__pygen_a);
    let shapes = [
        (
            quote!(&#b #self_ty),
            quote!(&#b #self_ty),
            quote!(self.0),
            false,
        ),
        (
            quote!(&#b &#a #self_ty),
            quote!(&#a #self_ty),
            quote!(*self.0),
            true,
        ),
        (
            quote!(&#b &#a mut #self_ty),
            quote!(&#b #self_ty),
            quote!(&**self.0),
            true,
        ),
    ]
    .into_iter()
    .chain(
        [
            quote!(::std::boxed::Box),
            quote!(::std::rc::Rc),
            quote!(::std::sync::Arc),
        ]
        .into_iter()
        .flat_map(|ptr| {
            [
                (
                    quote!(&#b #ptr<#self_ty>),
                    quote!(&#b #self_ty),
                    quote!(&**self.0),
                    false,
                ),
                (
                    quote!(&#b &#a #ptr<#self_ty>),
                    quote!(&#a #self_ty),
                    quote!(&***self.0),
                    true,
                ),
            ]
        }),
    );
    let impls = shapes.map(|(content, recv, arg, outer)| {
        let lifetimes = if outer { quote!(#b, #a,) } else { quote!(#b,) };
        quote! {
            impl<#lifetimes #params> __PygenSibling for &__PygenVia<#content> #where_clause {
                type Plain = #content;
                type Recv = #recv;
                fn __pygen_select<Args, D, A, B>(
                    &self,
                    args: Args,
                    _: impl FnOnce(Self::Plain, D) -> A,
                    variant: impl FnOnce(Self::Recv, Args) -> B,
                ) -> B {
                    variant(#arg, args)
                }
            }
        }
    });
    quote! {
        #[allow(dead_code, clippy::all)]
        struct __PygenVia<R>(R);
        #[allow(dead_code, clippy::all)]
        trait __PygenPlain {
            type Plain;
            fn __pygen_select<Args, C, D, A, B>(
                &self,
                args: Args,
                call: impl FnOnce(Self::Plain, Args) -> A,
                _: impl FnOnce(C, D) -> B,
            ) -> A;
        }
        #[allow(clippy::all)]
        impl<'__pygen_b, R: ?Sized> __PygenPlain for __PygenVia<&'__pygen_b R> {
            type Plain = &'__pygen_b R;
            fn __pygen_select<Args, C, D, A, B>(
                &self,
                args: Args,
                call: impl FnOnce(Self::Plain, Args) -> A,
                _: impl FnOnce(C, D) -> B,
            ) -> A {
                call(self.0, args)
            }
        }
        #[allow(dead_code, clippy::all)]
        trait __PygenSibling {
            type Plain;
            type Recv;
            fn __pygen_select<Args, D, A, B>(
                &self,
                args: Args,
                call: impl FnOnce(Self::Plain, D) -> A,
                variant: impl FnOnce(Self::Recv, Args) -> B,
            ) -> B;
        }
        #(#[allow(clippy::all)] #impls)*
    }
}
