//! What the importer makes of names, defaults and what it cannot express, on small inputs.
//! (The round trip over whole catalogs, compiled, is `tests/imported-catalog`.)

use function_codegen::{Options, generate};
use function_core::yaml;

fn import(text: &str) -> Result<String, String> {
    let docs = yaml::from_str(text, "input.yaml").map_err(|e| e.to_string())?;
    generate(&docs, &Options::default())
        .map(|g| g.source)
        .map_err(|e| e.to_string())
}

fn function(name: &str, args: &[&str]) -> String {
    let mut text = format!(
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: {name}\nspec:\n  image: ghcr.io/example/x:v1\n"
    );
    if !args.is_empty() {
        text.push_str("  args:\n");
        for a in args {
            text.push_str(&format!("  - '{a}'\n"));
        }
    }
    text
}

/// The struct of the only Function of the source (from its doc comment to its closing brace).
fn the_struct(source: &str) -> &str {
    let start = source.find("/// The Function").expect("a struct");
    let end = source[start..].find("\n}\n").expect("its end") + start + 3;
    &source[start..end]
}

#[test]
fn identifiers_are_made_valid_and_clashes_numbered_in_order() {
    let text = [
        function("7z-backup", &[]),
        function("function", &[]),
        function("pvc.backup", &[]),
        function("pvc-backup", &[]),
        function(
            "odd-names",
            &[
                "--type=${type:=}",
                "--self=${self:=}",
                "--3way=${3way:=}",
                "--crate=${crate:=}",
                "--gen=${gen:=}",
                "--foo-bar=${fooBar:=}",
                "--foo_bar=${foo_bar:=}",
                "--backupsession=${backupSession:=}",
                "--pg-args=${args:=}",
                "--ANDed=${ANDedLabelSelectors:=}",
            ],
        ),
    ]
    .join("---\n");
    let source = import(&text).unwrap();
    let names: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct "))
        .collect();
    assert_eq!(
        names,
        [
            "Function7zBackup {}",
            "Function2 {}",
            "PvcBackup {}",
            "PvcBackup2 {}",
            "OddNames {"
        ]
    );
    insta::assert_snapshot!(the_struct(&source));
}

#[test]
fn types_come_from_the_defaults_and_the_addon_parameters() {
    let text = function(
        "infer",
        &[
            "--flag=${flag:=true}",
            "--count=${count:=300}",
            "--big=${big:=5000000000}",
            "--offset=${offset:=-5}",
            "--padded=${padded:=0300}",
            "--ratio=${ratio:=1.5}",
            "--dir=${dir:=/kubestash-tmp}",
            "--word=${word:=True}",
            "--maybe=${maybe:=}",
            "--cache=${enableCache:=}",
            "--scratch=${scratch:=}",
            "--session=${backupSession:=}",
            "--namespace=${namespace:=default}",
            "--bare=${bare}",
        ],
    ) + "---
apiVersion: addons.kubestash.com/v1alpha1
kind: Addon
metadata:
  name: infer-addon
spec:
  backupTasks:
  - name: backup
    function: infer
    parameters:
    - name: enableCache
      usage: Enable or disable caching.
      default: \"false\"
    - name: scratch
      usage: Where to put temporary files.
      default: /tmp
";
    let source = import(&text).unwrap();
    insta::assert_snapshot!(the_struct(&source));

    // A built-in whose conventional default is left out takes an explicit empty one; written
    // without any default, it cannot be a field (the derive would add `default`).
    let source = import(&function(
        "ns",
        &["--namespace=${namespace:=}", "--ns=${namespace}"],
    ))
    .unwrap();
    assert!(
        source.contains("    #[arg(builtin, default = \"\")]\n    pub namespace: String,\n"),
        "{source}"
    );
    assert!(
        source.contains("args = [namespace, \"--ns=${namespace}\"]"),
        "{source}"
    );
}

#[test]
fn what_cannot_be_expressed_is_an_error_naming_the_object_and_the_field() {
    let text = "\
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: labelled
  labels:
    app: x
  annotations:
    note: hello
spec:
  image: ghcr.io/example/x:v1
---
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: Bad_Name
spec:
  image: ghcr.io/example/x:v1
---
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: no-image
spec:
  args: [backup]
---
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: db-backup
spec:
  image: ghcr.io/example/db:v1_${DB_VERSION}
  availableVersions: [\"16.4\", \"bad version\"]
---
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: db-backup
spec:
  image: ghcr.io/example/db:v2
---
apiVersion: addons.kubestash.com/v1alpha1
kind: Addon
metadata:
  name: an-addon
spec:
  backupTasks:
  - name: a
    function: missing-backup
  restoreTasks:
  - name: b
";
    let err = import(text).unwrap_err();
    insta::assert_snapshot!(err);
}

#[test]
fn nothing_is_generated_when_anything_fails() {
    let text = function("good-backup", &["--a=${a:=}"])
        + "---
apiVersion: addons.kubestash.com/v1alpha1
kind: Addon
metadata:
  name: an-addon
spec:
  backupTasks:
  - name: a
    function: missing-backup
";
    let docs = yaml::from_str(&text, "input.yaml").unwrap();
    let err = generate(&docs, &Options::default()).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].path, "spec.backupTasks[0].function");
    assert_eq!(
        err[0].object.as_ref().map(|o| o.name.as_str()),
        Some("an-addon")
    );
    assert_eq!(err[0].line(), Some(10));
}
