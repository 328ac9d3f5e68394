//! trybuild UI tests of `addon!`: each `ui/addon/*.rs` is a misuse named after the error it
//! shows; its `.stderr` is committed (tied to the pinned rustc). The working grammar is tested by
//! `function_core::addon`'s doc tests and by `examples/kubestash-catalog`.

#[test]
fn addon_misuse() {
    trybuild::TestCases::new().compile_fail("ui/addon/*.rs");
}
