//! The two bodies of a generator: a `#[coroutine]` closure and a stackful closure.

use super::Generator;
use crate::signature::Types;
use proc_macro2::TokenStream;
use quote::quote;
use syn::Block;

impl Generator {
    /// `Stackless::new(#[coroutine] move |_| body)` for this generator.
    pub(super) fn stackless_body(&self, body: &Block) -> TokenStream {
        let Types {
            send, ret, error, ..
        } = &self.types;
        let krate = &self.krate;
        let static_kw = if self.pinned {
            quote!(static)
        } else {
            quote!()
        };
        let coroutine = quote! {
            #[coroutine]
            #static_kw move |_: #krate::Resume<#send, #error>|
                -> ::core::result::Result<#ret, #krate::Error<#error>>
            #body
        };
        // A body that borrows its own locals across `yield` must not move: a
        // `static` coroutine, pinned on the heap (one allocation per generator).
        let coroutine = if self.pinned {
            quote!(::std::boxed::Box::pin(#coroutine))
        } else {
            coroutine
        };
        if self.stepped {
            quote!(#krate::__private::stepped::<_, #send, #error, _, _>(#coroutine))
        } else {
            quote!(#krate::Stackless::<_, #send, #error>::new(#coroutine))
        }
    }

    /// `Stackful::new(move |co| body)` for this generator.
    pub(super) fn stackful_body(&self, types: &Types) -> TokenStream {
        let Types {
            yield_ty,
            send,
            ret,
            error,
        } = types;
        let (krate, co, body) = (&self.krate, &self.co, &self.stackful);
        quote! {
            <#krate::Stackful<#yield_ty, #send, #ret, #error>>::new(
                move |#co: &#krate::Co<#yield_ty, #send, #error>|
                    -> ::core::result::Result<#ret, #krate::Error<#error>>
                #body
            )
        }
    }
}
