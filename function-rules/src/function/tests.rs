use super::*;

fn function<'a>(args: Vec<ArgDescription<'a>>) -> FunctionDescription<'a> {
    FunctionDescription {
        name: Some("a-backup"),
        image: Some("ghcr.io/kubestash/a:v1"),
        args,
        ..FunctionDescription::default()
    }
}

fn rules(function: &FunctionDescription<'_>) -> Vec<(Item, Rule)> {
    check_function(function)
        .into_iter()
        .map(|f| (f.item, f.error.rule()))
        .collect()
}

#[test]
fn a_good_function_passes() {
    let f = FunctionDescription {
        available_versions: vec!["16.4"],
        image: Some("ghcr.io/kubedb/pg:v1_${DB_VERSION}"),
        subcommand: Some("backup"),
        ..function(vec![
            ArgDescription {
                builtin: true,
                default: ArgDefault::Text("default"),
                ..ArgDescription::new("namespace", "namespace")
            },
            ArgDescription {
                builtin: true,
                required: true,
                ..ArgDescription::new("backupsession", "backupSession")
            },
            ArgDescription {
                default: ArgDefault::Opaque,
                helm_value: Some("waitTimeout"),
                ..ArgDescription::new("wait-timeout", "waitTimeout")
            },
            ArgDescription {
                default: ArgDefault::List(vec![Some("/a"), None, Some("")]),
                ..ArgDescription::new("paths", "paths")
            },
        ])
    };
    assert_eq!(check_function(&f), []);
}

#[test]
fn unknown_name_and_image_are_skipped() {
    let f = FunctionDescription::default();
    assert_eq!(check_function(&f), []);
}

#[test]
fn list_items_are_checked_one_by_one() {
    let f = function(vec![ArgDescription {
        default: ArgDefault::List(vec![Some("a"), Some("b,c"), Some("d}")]),
        ..ArgDescription::new("paths", "paths")
    }]);
    assert_eq!(
        rules(&f),
        [
            (Item::Arg(0, ArgPart::DefaultItem(1)), Rule::ListItem),
            (Item::Arg(0, ArgPart::DefaultItem(2)), Rule::DefaultText),
        ]
    );
    let f = function(vec![ArgDescription {
        default: ArgDefault::List(vec![Some("")]),
        ..ArgDescription::new("paths", "paths")
    }]);
    assert_eq!(
        rules(&f),
        [(Item::Arg(0, ArgPart::DefaultItem(0)), Rule::ListItem)]
    );
}

#[test]
fn helm_value_needs_a_default_of_any_kind() {
    for (default, fails) in [
        (ArgDefault::None, true),
        (ArgDefault::Text(""), false),
        (ArgDefault::Opaque, false),
        (ArgDefault::List(vec![]), false),
    ] {
        let f = function(vec![ArgDescription {
            default,
            helm_value: Some("x"),
            ..ArgDescription::new("x", "x")
        }]);
        let expected: &[(Item, Rule)] = if fails {
            &[(
                Item::Arg(0, ArgPart::HelmValue),
                Rule::HelmValueWithoutDefault,
            )]
        } else {
            &[]
        };
        assert_eq!(rules(&f), expected);
    }
}

#[test]
fn required_with_a_default_names_it() {
    let f = function(vec![ArgDescription {
        default: ArgDefault::Text("default"),
        builtin: true,
        required: true,
        ..ArgDescription::new("namespace", "namespace")
    }]);
    let failures = check_function(&f);
    assert_eq!(failures.len(), 1);
    assert_eq!(
        failures[0].error.message(),
        "`--namespace` is required but has the default `default`: the template would fill in \
             the default, so `required` could never apply; drop one of them"
    );
    let f = function(vec![ArgDescription {
        default: ArgDefault::Opaque,
        required: true,
        ..ArgDescription::new("n", "n")
    }]);
    assert!(
        check_function(&f)[0]
            .error
            .message()
            .contains("but has a default:")
    );
}

#[test]
fn a_bare_variable_takes_no_default() {
    let bare = |default| {
        function(vec![ArgDescription {
            default,
            op: DefaultOp::Bare,
            ..ArgDescription::new("interim-data-dir", "interimDataDir")
        }])
    };
    assert_eq!(rules(&bare(ArgDefault::None)), []);
    assert_eq!(
        rules(&bare(ArgDefault::Text("/tmp"))),
        [(Item::Arg(0, ArgPart::Op), Rule::BareWithDefault)]
    );
    assert_eq!(
        check_function(&bare(ArgDefault::Text("/tmp")))[0]
            .error
            .message(),
        "`--interim-data-dir` is written `${interimDataDir}`, which has no place for a \
             default, but has the default `/tmp`: drop the default, or write it with `:=`, `=` \
             or `:-`"
    );
    for op in [
        DefaultOp::ColonEquals,
        DefaultOp::Equals,
        DefaultOp::ColonDash,
    ] {
        let f = function(vec![ArgDescription {
            default: ArgDefault::Text("/tmp"),
            op,
            ..ArgDescription::new("a", "a")
        }]);
        assert_eq!(rules(&f), []);
    }
}

#[test]
fn every_rule_of_the_list_is_one_of_checks() {
    // Every failure check_function produced above carries a rule of CHECKS; and CHECKS has
    // no rule twice.
    for (i, rule) in CHECKS.iter().enumerate() {
        assert!(!CHECKS[..i].contains(rule), "{rule:?} twice");
    }
    let f = FunctionDescription {
        name: Some("A"),
        image: Some("a/B"),
        subcommand: Some("-x"),
        available_versions: vec![],
        args: vec![
            ArgDescription::new("-f", "a.b"),
            ArgDescription::new("-f", "a.b"),
        ],
    };
    for failure in check_function(&f) {
        assert!(CHECKS.contains(&failure.error.rule()), "{failure}");
    }
}

/// The rows of the Markdown table in `text` whose first cell is a number: their cells.
fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix("//! ")
                .or(l.trim_start().strip_prefix("/// "))
        })
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The `[`name`]` links of a cell.
fn links(cell: &str) -> Vec<&str> {
    cell.split("[`")
        .skip(1)
        .filter_map(|s| s.split_once("`]"))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn the_documented_tables_agree_with_checks() {
    // The table of check_function's docs: one row per rule of CHECKS, in its order.
    let source = include_str!("../function.rs");
    let start = source
        .find("/// | # | item | check | rule |")
        .expect("the table of check_function");
    let table: String = source[start..]
        .lines()
        .take_while(|l| l.starts_with("/// |"))
        .map(|l| format!("{l}\n"))
        .collect();
    let rows: Vec<Vec<String>> = table_rows(&table).into_iter().skip(2).collect();
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    let documented: Vec<String> = rows.iter().map(|r| r[3].clone()).collect();
    let listed: Vec<String> = CHECKS.iter().map(|r| format!("[`Rule::{r:?}`]")).collect();
    assert_eq!(
        documented, listed,
        "the table of check_function's docs and CHECKS differ"
    );
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string(), "row numbers: {row:?}");
    }
    // The crate docs' table names every check function of that table.
    let crate_docs = include_str!("../lib.rs");
    let crate_rows = table_rows(
        &crate_docs[..crate_docs
            .find("//! Every check returns")
            .unwrap_or(crate_docs.len())],
    );
    let in_crate_table: Vec<&str> = crate_rows
        .iter()
        .filter(|r| r.len() == 2)
        .flat_map(|r| links(&r[1]))
        .collect();
    for row in &rows {
        for function in links(&row[2])
            .into_iter()
            .filter(|f| f.starts_with("check_"))
        {
            assert!(
                in_crate_table.contains(&function),
                "`{function}` (check_function's table) is not in the crate docs' table"
            );
        }
    }
}
