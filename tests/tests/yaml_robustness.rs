//! The reader never panics, whatever it is fed, and always gives a position inside the input;
//! the writer quotes strings so that every string reads back exactly.

use std::collections::BTreeMap;

use function_core::api::{Addon, AddonSpec, Function, FunctionSpec, ParameterDefinition, Task};
use function_core::yaml::{self, Object, Options};
use proptest::prelude::*;

/// Reads `bytes` both strictly and leniently; on error, the position must lie inside the input.
fn read_checked(bytes: &[u8]) {
    for options in [Options::strict(), Options::lenient()] {
        if let Err(e) = yaml::from_slice(bytes, "fuzz.yaml", &options) {
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            let (line, column) = (e.line().unwrap_or(0), e.column().unwrap_or(0));
            assert!(line >= 1 && column >= 1, "{e}");
            assert!(
                line as usize <= lines + 1,
                "{e}: beyond the last line ({lines})"
            );
            assert!(!e.to_string().is_empty());
        }
    }
}

/// Fragments that exercise the YAML grammar and the KubeStash types.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "apiVersion: addons.kubestash.com/v1alpha1\n",
        "kind: Function\n",
        "kind: Addon\n",
        "metadata:\n",
        "  name: x\n",
        "spec:\n",
        "  image: busybox\n",
        "  args:\n",
        "  - a\n",
        "  backupTasks:\n",
        "  - name: t\n",
        "    driver: Restic\n",
        "    volumeTemplate:\n",
        "    - source: {emptyDir: {}}\n",
        "  runtimeSettings: {nice: {adjustment: 5}}\n",
        "---\n",
        "...\n",
        "- ",
        ": ",
        "? ",
        "\t",
        "  ",
        "\n",
        "#",
        "&a ",
        "*a ",
        "<<: *a\n",
        "!!str ",
        "!!binary ",
        "!x ",
        "|\n",
        ">-\n",
        "\"",
        "'",
        "{",
        "}",
        "[",
        "]",
        ",",
        "%YAML 1.2\n",
        "~",
        "null",
        "300",
        "1e999",
        ".nan",
        "0x1F",
        "${PVC_NAME}",
        "é",
        "\u{feff}",
        "\r\n",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        read_checked(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        read_checked(text.as_bytes());
    }

    #[test]
    fn yaml_like_text_never_panics(parts in prop::collection::vec(fragment(), 0..40)) {
        read_checked(parts.concat().as_bytes());
    }

    #[test]
    fn damaged_catalog_files_never_panic(
        file in 0usize..16,
        edits in prop::collection::vec((any::<prop::sample::Index>(), fragment(), any::<bool>()), 1..4),
    ) {
        let path = &kubestash_fn_tests::catalog_files()[file];
        let mut text = std::fs::read_to_string(path).expect("readable");
        for (at, fragment, delete) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            if delete {
                let end = (i + fragment.len()).min(text.len());
                let mut end = end;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(i..end, "");
            } else {
                text.insert_str(i, fragment);
            }
        }
        read_checked(text.as_bytes());
    }

    #[test]
    fn every_string_round_trips(
        strings in prop::collection::vec(any::<String>(), 1..6),
        tricky in prop::collection::vec(tricky_string(), 1..6),
    ) {
        let all: Vec<String> = strings.into_iter().chain(tricky).collect();
        for object in objects_holding(&all) {
            let text = yaml::to_string(&object).expect("writes");
            let back = yaml::from_str(&text, "out.yaml")
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            prop_assert_eq!(&back[0].object, &object, "{}", text);
            prop_assert_eq!(yaml::to_string(&back[0].object).expect("writes"), text);
        }
    }
}

/// Strings built from the characters that matter to YAML.
fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "-", " ", ":", "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%",
            "@", "`", "?", "\n", "\t", "\r", "\\", "~", "null", "true", "no", "300", "0x1F", "1e3",
            ".5", "${a:=b}", "$$", "---", "...", "é", "✓", "\u{85}", "\u{2028}", "\u{feff}",
            "\u{0}", "\u{7}", "x", "  ",
        ]),
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

/// A Function and an Addon that hold `strings` in every kind of string position: scalar
/// fields, list items, map keys and values, enum-free task fields.
fn objects_holding(strings: &[String]) -> Vec<Object> {
    let first = strings[0].clone();
    let map: BTreeMap<String, String> = strings.iter().map(|s| (s.clone(), s.clone())).collect();
    let mut f = Function::new(
        &first,
        FunctionSpec {
            image: first.clone(),
            command: strings.to_vec(),
            args: strings.to_vec(),
            working_dir: strings[strings.len() - 1].clone(),
            available_versions: strings.to_vec(),
            ..FunctionSpec::default()
        },
    );
    f.metadata.labels = Some(map.clone());
    f.metadata.annotations = Some(map);
    let parameters = strings
        .iter()
        .map(|s| ParameterDefinition {
            name: s.clone(),
            usage: s.clone(),
            required: s.len() % 2 == 0,
            default: s.clone(),
        })
        .collect();
    let a = Addon::new(
        &first,
        AddonSpec {
            backup_tasks: vec![Task {
                name: first.clone(),
                function: first.clone(),
                parameters,
                ..Task::default()
            }],
            ..AddonSpec::default()
        },
    );
    vec![f.into(), a.into()]
}

#[test]
fn strings_are_quoted_only_when_needed() {
    let strings: Vec<String> = [
        "true",
        "300",
        "",
        "null",
        "~",
        "${PVC_NAME}",
        "{a}",
        "a: b",
        "key:value",
        "#x",
        "a #b",
        "-x",
        "- x",
        "-",
        "yes",
        "multi\nline\n",
        "ünïcode ✓",
        "--namespace=${namespace:=default}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let f = Function::new(
        "demo",
        FunctionSpec {
            args: strings.clone(),
            ..FunctionSpec::default()
        },
    );
    let text = yaml::to_string(&Object::from(f.clone())).expect("writes");
    insta::assert_snapshot!(text);
    let back = yaml::from_str(&text, "out.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back[0].object, Object::from(f));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(yaml::from_str(&deep, "deep.yaml").is_err());
    let mut block = String::new();
    for depth in 0..10_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    assert!(yaml::from_str(&block, "deep.yaml").is_err());
}

#[test]
fn alias_bombs_are_stopped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    assert!(yaml::from_str(&text, "bomb.yaml").is_err());
}
