//! trybuild UI tests of `#[derive(Function)]`: each `ui/fail/*.rs` is named after the error it
//! shows (its `.stderr` is committed and tied to the pinned rustc); `ui/pass/*.rs` compile and
//! run. And the rule of every case, derive and `addon!`: one mistake, one error.

use std::path::Path;

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}

/// The cases that make several mistakes on purpose, each with its number of mistakes (so of
/// errors).
const SEVERAL: &[(&str, usize)] = &[
    ("fail/all_errors_in_one_compile.stderr", 7),
    ("fail/args_item_not_a_field_or_string.stderr", 3),
    ("fail/attribute_without_parentheses.stderr", 4),
    ("fail/builtin_unknown_variable.stderr", 2),
    ("fail/container_settings_wrong_type.stderr", 2),
    ("fail/default_contains_backslash.stderr", 2),
    ("fail/default_quoted_number.stderr", 5),
    ("fail/default_string_on_vec.stderr", 2),
    ("fail/default_wrong_type_integer_for_string.stderr", 2),
    ("fail/duplicate_key.stderr", 2),
    ("fail/flag_invalid.stderr", 2),
    ("fail/function_unknown_key.stderr", 2),
    ("fail/op_bare_with_default.stderr", 2),
    ("fail/value_not_a_string_literal.stderr", 4),
    ("fail/variable_name_not_parsed.stderr", 2),
];

/// Every committed `.stderr` of `ui/fail` and `ui/addon` holds exactly one error (a line
/// starting `error:` or `error[`), but the cases of [`SEVERAL`]: a mistake adds no second error
/// (a missing key besides the misspelt one, an "is not a plugin Function" for a struct whose
/// derive failed).
#[test]
fn one_mistake_one_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for dir in ["fail", "addon"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("the ui directory exists")
            .map(|e| e.expect("readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "stderr"))
            .collect();
        entries.sort();
        for path in entries {
            let text = std::fs::read_to_string(&path).expect("readable");
            let errors = text
                .lines()
                .filter(|l| l.starts_with("error:") || l.starts_with("error["))
                .count();
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let expected = SEVERAL
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(1, |(_, n)| *n);
            if errors != expected {
                wrong.push(format!("{name}: {errors} errors, expected {expected}"));
            }
            checked += 1;
        }
    }
    assert!(checked > 70, "only {checked} .stderr files found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
