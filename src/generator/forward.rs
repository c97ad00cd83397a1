//! `&mut G` and `Box<G>` are generators too.

use super::Generator;
use crate::delegate::chain::{SubStep, YieldFrom};
use crate::{Error, GenResult, GeneratorState, Resume};

macro_rules! forward_generator {
    ($($ty:ty),*) => {$(
        impl<G: Generator + ?Sized> Generator for $ty {
            type Send = G::Send;
            type Return = G::Return;
            type Error = G::Error;

            fn resume(&mut self) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).resume()
            }
            fn send(&mut self, value: G::Send) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).send(value)
            }
            fn throw_error(&mut self, error: Error<G::Error>) -> GenResult<G::Item, G::Return, G::Error> {
                (**self).throw_error(error)
            }
            fn close(&mut self) -> Result<Option<G::Return>, Error<G::Error>> {
                (**self).close()
            }
            fn state(&self) -> GeneratorState {
                (**self).state()
            }
            fn take_completion(&mut self) -> Option<Result<G::Return, Error<G::Error>>> {
                (**self).take_completion()
            }
            fn name(&self) -> &'static str {
                (**self).name()
            }
            fn delegation_chain(&self) -> Vec<YieldFrom> {
                (**self).delegation_chain()
            }
            fn __gen_chain_step(
                &mut self,
                arg: Resume<G::Send, G::Error>,
            ) -> SubStep<G::Item, G::Send, G::Error, Option<G::Return>> {
                (**self).__gen_chain_step(arg)
            }
            fn __gen_chain_deliver(
                &mut self,
                closing: bool,
            ) -> SubStep<G::Item, G::Send, G::Error, Option<G::Return>> {
                (**self).__gen_chain_deliver(closing)
            }
            fn __gen_chain_abandon(&mut self) {
                (**self).__gen_chain_abandon()
            }
        }
    )*};
}

forward_generator!(&mut G, Box<G>);
