//! trybuild UI tests of `#[derive(Function)]`: each `ui/fail/*.rs` is named after the error it
//! shows (its `.stderr` is committed and tied to the pinned rustc); `ui/pass/*.rs` compile and
//! run.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
