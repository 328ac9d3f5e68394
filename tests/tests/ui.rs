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

/// Every committed `.stderr` of `ui/fail` and `ui/addon` holds exactly one error (a line
/// starting `error:` or `error[`): each case makes one mistake, and a mistake adds no second
/// error (a missing key besides the misspelt one or the one whose value is of the wrong
/// form, an "is not a plugin Function" for a struct whose derive failed, an unmet `ArgValue`
/// bound repeated at each use of the field's type). That several independent mistakes are all
/// reported in one compile is function-derive's snapshot test
/// `every_mistake_of_one_struct_in_one_expansion`.
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
            if !path.with_extension("rs").exists() {
                wrong.push(format!(
                    "{name}: no case `.rs` beside it (a stale `.stderr`)"
                ));
            }
            if errors != 1 {
                wrong.push(format!("{name}: {errors} errors, expected 1"));
            }
            checked += 1;
        }
    }
    assert!(checked > 70, "only {checked} .stderr files found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
