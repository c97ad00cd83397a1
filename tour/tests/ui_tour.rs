//! The compile errors that the tour quotes (`pygen_tour::tutorial`): Python
//! mistakes that Rust rejects at compile time. The `.stderr` files are
//! rustc's real output, pinned here so the tour's quotes cannot drift.

#[test]
fn tour_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-tour/*.rs");
}
