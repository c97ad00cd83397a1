//! Shrinking a failing case greedily to a smaller one that still fails.

use crate::compare::fails;
use crate::program::{Case, Stmt, loose_break};

/// Every case one step smaller than `case`.
fn shrink_candidates(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    for i in 0..case.calls.len() {
        let mut c = case.clone();
        c.calls.remove(i);
        out.push(c);
    }
    // Drop an unused last function.
    if case.funcs.len() > 1 {
        let last = case.funcs.len() - 1;
        let mut c = case.clone();
        c.funcs.pop();
        let uses_last = |s: &Stmt| match s {
            Stmt::YieldFrom(f) | Stmt::Drive { func: f, .. } => *f == last,
            _ => false,
        };
        if !c.any_stmt(&uses_last) {
            out.push(c);
        }
    }
    for f in 0..case.funcs.len() {
        for smaller in shrink_block(&case.funcs[f]) {
            let mut c = case.clone();
            c.funcs[f] = smaller;
            out.push(c);
        }
    }
    out
}

fn shrink_block(block: &[Stmt]) -> Vec<Vec<Stmt>> {
    let mut out = Vec::new();
    for i in 0..block.len() {
        let mut b = block.to_vec();
        b.remove(i);
        out.push(b);
        let replace = |with: Vec<Stmt>| {
            let mut b = block.to_vec();
            b.splice(i..=i, with);
            b
        };
        match &block[i] {
            Stmt::TryExcept {
                body,
                catch,
                handler,
            } => {
                out.push(replace(body.clone()));
                for smaller in shrink_block(body) {
                    out.push(replace(vec![Stmt::TryExcept {
                        body: smaller,
                        catch: *catch,
                        handler: handler.clone(),
                    }]));
                }
                for smaller in shrink_block(handler) {
                    out.push(replace(vec![Stmt::TryExcept {
                        body: body.clone(),
                        catch: *catch,
                        handler: smaller,
                    }]));
                }
            }
            Stmt::TryFinally { body, cleanup } => {
                out.push(replace(body.clone()));
                out.push(replace(cleanup.clone()));
                for smaller in shrink_block(body) {
                    out.push(replace(vec![Stmt::TryFinally {
                        body: smaller,
                        cleanup: cleanup.clone(),
                    }]));
                }
                for smaller in shrink_block(cleanup) {
                    out.push(replace(vec![Stmt::TryFinally {
                        body: body.clone(),
                        cleanup: smaller,
                    }]));
                }
            }
            Stmt::Loop { n, body } => {
                // Its body in its place, unless a break/continue would leave its loop.
                if !loose_break(body) {
                    out.push(replace(body.clone()));
                }
                if *n > 1 {
                    out.push(replace(vec![Stmt::Loop {
                        n: n - 1,
                        body: body.clone(),
                    }]));
                }
                for smaller in shrink_block(body) {
                    out.push(replace(vec![Stmt::Loop {
                        n: *n,
                        body: smaller,
                    }]));
                }
            }
            Stmt::Drive { func, calls } => {
                for j in 0..calls.len() {
                    let mut calls = calls.clone();
                    calls.remove(j);
                    out.push(replace(vec![Stmt::Drive { func: *func, calls }]));
                }
            }
            Stmt::YieldFromList(items) if !items.is_empty() => {
                out.push(replace(vec![Stmt::YieldFromList(items[1..].to_vec())]));
            }
            _ => {}
        }
    }
    // A bare raise moved out of its handler is not a program: keep handlers' raises.
    out.retain(|b| !b.contains(&Stmt::Reraise) || block.contains(&Stmt::Reraise));
    out
}

pub(crate) fn shrink(mut case: Case) -> Case {
    'outer: loop {
        for candidate in shrink_candidates(&case) {
            if fails(&candidate) {
                case = candidate;
                continue 'outer;
            }
        }
        return case;
    }
}
