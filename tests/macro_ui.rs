//! The `#[generator]` macro's compile errors, pinned (trybuild).
#[test]
fn misuse_fails_to_compile_with_a_clear_message() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
