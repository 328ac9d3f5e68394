//! The derive (compile time) and `function_core::plugin::validate` (run time) report the same
//! failures for the same Function: a table over the checks of `function_rules::check_function`.
//!
//! Each row is one description, written once; it is turned into the attributes of a
//! `#[derive(Function)]` input and into the `FunctionInfo` and `ArgSpec`s the derive emits for
//! those attributes (every field a `String`, every default a string literal). Both sides must
//! give exactly the row's failures, and the derive must report each of them, with its message,
//! as a compile error.

use function_core::plugin::{ArgSpec, FunctionInfo, validate_specs};
use function_rules::{ArgPart, CHECKS, DefaultOp, Failure, Item, Rule};
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::ctxt::Ctxt;

/// One argument of a row: a `String` field `f<index>`.
#[derive(Clone, Copy)]
struct Arg {
    flag: &'static str,
    var: &'static str,
    default: Option<&'static str>,
    builtin: bool,
    helm_value: Option<&'static str>,
    required: bool,
    op: DefaultOp,
}

const fn arg(flag: &'static str, var: &'static str) -> Arg {
    Arg {
        flag,
        var,
        default: None,
        builtin: false,
        helm_value: None,
        required: false,
        op: DefaultOp::ColonEquals,
    }
}

impl Arg {
    const fn default(self, text: &'static str) -> Arg {
        Arg {
            default: Some(text),
            ..self
        }
    }
    const fn builtin(self) -> Arg {
        Arg {
            builtin: true,
            ..self
        }
    }
    const fn helm_value(self, key: &'static str) -> Arg {
        Arg {
            helm_value: Some(key),
            ..self
        }
    }
    const fn required(self) -> Arg {
        Arg {
            required: true,
            ..self
        }
    }
    const fn op(self, op: DefaultOp) -> Arg {
        Arg { op, ..self }
    }
}

struct Row {
    name: &'static str,
    image: &'static str,
    /// `None`: no `available_versions` key.
    versions: Option<&'static [&'static str]>,
    subcommand: Option<&'static str>,
    args: Vec<Arg>,
    expect: Vec<(Item, Rule)>,
}

const FIELDS: [&str; 3] = ["f0", "f1", "f2"];

fn row(args: &[Arg], expect: &[(Item, Rule)]) -> Row {
    Row {
        name: "pg-backup",
        image: "ghcr.io/kubedb/pg:v1",
        versions: None,
        subcommand: None,
        args: args.to_vec(),
        expect: expect.to_vec(),
    }
}

fn table() -> Vec<Row> {
    vec![
        // Nothing wrong.
        Row {
            versions: Some(&["16.4"]),
            image: "ghcr.io/kubedb/pg:v1_${DB_VERSION}",
            subcommand: Some("backup"),
            ..row(
                &[
                    arg("namespace", "namespace").builtin(),
                    arg("backupsession", "backupSession").builtin().required(),
                    arg("wait-timeout", "waitTimeout")
                        .default("300")
                        .helm_value("waitTimeout"),
                ],
                &[],
            )
        },
        Row {
            name: "PG_Backup",
            ..row(&[], &[(Item::Name, Rule::FunctionName)])
        },
        Row {
            image: "ghcr.io/KubeDB/pg:v1",
            ..row(&[], &[(Item::Image, Rule::Image)])
        },
        Row {
            image: "ghcr.io/kubedb/pg:${DB_VERSION}",
            ..row(&[], &[(Item::AvailableVersions, Rule::DbVersion)])
        },
        Row {
            image: "ghcr.io/kubedb/pg:${DB_VERSION}",
            versions: Some(&[]),
            ..row(&[], &[(Item::AvailableVersions, Rule::DbVersion)])
        },
        Row {
            image: "ghcr.io/kubedb/pg:${DB_VERSION}",
            versions: Some(&["16.4", "16 4"]),
            ..row(&[], &[(Item::AvailableVersion(1), Rule::AvailableVersion)])
        },
        Row {
            subcommand: Some("--backup"),
            ..row(&[], &[(Item::Subcommand, Rule::Subcommand)])
        },
        row(
            &[arg("wait timeout", "waitTimeout")],
            &[(Item::Arg(0, ArgPart::Flag), Rule::Flag)],
        ),
        row(
            &[arg("wait-timeout", "wait.timeout")],
            &[(Item::Arg(0, ArgPart::Variable), Rule::VariableName)],
        ),
        row(
            &[arg("dir", "dir").default("/tmp/${x}")],
            &[(Item::Arg(0, ArgPart::Default), Rule::DefaultText)],
        ),
        row(
            &[arg("dir", "dir").default("a\"b")],
            &[(Item::Arg(0, ArgPart::Default), Rule::DefaultText)],
        ),
        row(
            &[arg("session", "session").builtin()],
            &[(Item::Arg(0, ArgPart::Builtin), Rule::Builtin)],
        ),
        row(
            &[arg("wait-timeout", "waitTimeout")
                .default("300")
                .helm_value("wait-timeout")],
            &[(Item::Arg(0, ArgPart::HelmValue), Rule::HelmValue)],
        ),
        row(
            &[arg("wait-timeout", "waitTimeout").helm_value("waitTimeout")],
            &[(
                Item::Arg(0, ArgPart::HelmValue),
                Rule::HelmValueWithoutDefault,
            )],
        ),
        row(
            &[arg("user", "user").default("postgres").required()],
            &[(Item::Arg(0, ArgPart::Required), Rule::RequiredWithDefault)],
        ),
        // The built-in's implicit default counts.
        row(
            &[arg("namespace", "namespace").builtin().required()],
            &[(Item::Arg(0, ArgPart::Required), Rule::RequiredWithDefault)],
        ),
        row(
            &[
                arg("a", "a").default("1").op(DefaultOp::ColonDash),
                arg("b", "b").default("2").op(DefaultOp::Equals),
                arg("c", "c").op(DefaultOp::Bare),
            ],
            &[],
        ),
        row(
            &[arg("dir", "dir").default("/tmp").op(DefaultOp::Bare)],
            &[(Item::Arg(0, ArgPart::Op), Rule::BareWithDefault)],
        ),
        // The built-in's implicit default counts.
        row(
            &[arg("namespace", "namespace").builtin().op(DefaultOp::Bare)],
            &[(Item::Arg(0, ArgPart::Op), Rule::BareWithDefault)],
        ),
        row(
            &[arg("a", "a"), arg("a", "b")],
            &[(Item::Arg(1, ArgPart::Flag), Rule::Duplicate)],
        ),
        row(
            &[arg("a", "x"), arg("b", "x")],
            &[(Item::Arg(1, ArgPart::Variable), Rule::Duplicate)],
        ),
        // Several at once, in the list's order.
        Row {
            name: "-pg",
            subcommand: Some(""),
            ..row(
                &[
                    arg("t", "t").helm_value("t-1").required(),
                    arg("t", "t").default("}"),
                ],
                &[
                    (Item::Name, Rule::FunctionName),
                    (Item::Subcommand, Rule::Subcommand),
                    (Item::Arg(0, ArgPart::HelmValue), Rule::HelmValue),
                    (
                        Item::Arg(0, ArgPart::HelmValue),
                        Rule::HelmValueWithoutDefault,
                    ),
                    (Item::Arg(1, ArgPart::Default), Rule::DefaultText),
                    (Item::Arg(1, ArgPart::Flag), Rule::Duplicate),
                    (Item::Arg(1, ArgPart::Variable), Rule::Duplicate),
                ],
            )
        },
    ]
}

/// The `#[derive(Function)]` input of a row.
fn derive_input(row: &Row) -> DeriveInput {
    let name = row.name;
    let image = row.image;
    let versions = row
        .versions
        .map(|v| quote!(, available_versions = [#(#v),*]));
    let subcommand = row.subcommand.map(|s| quote!(, subcommand = #s));
    let fields = row.args.iter().enumerate().map(|(i, a)| {
        let ident = format_ident!("f{i}");
        let (flag, var) = (a.flag, a.var);
        let default = a.default.map(|d| quote!(, default = #d));
        let builtin = a.builtin.then(|| quote!(, builtin));
        let helm_value = a.helm_value.map(|k| quote!(, helm_value = #k));
        let required = a.required.then(|| quote!(, required));
        let op = (a.op != DefaultOp::ColonEquals).then(|| {
            let text = a.op.text();
            quote!(, op = #text)
        });
        quote! {
            #[arg(flag = #flag, var = #var #default #builtin #helm_value #required #op)]
            #ident: String
        }
    });
    syn::parse_quote! {
        #[derive(Function)]
        #[function(name = #name, image = #image #versions #subcommand)]
        struct Row { #(#fields),* }
    }
}

/// The `FunctionInfo` and `ArgSpec`s the derive emits for the row's attributes.
fn runtime_parts(row: &Row) -> (FunctionInfo, Vec<ArgSpec>) {
    let mut info = FunctionInfo::new(row.name, row.image);
    if let Some(versions) = row.versions {
        info = info.available_versions(versions);
    }
    if let Some(subcommand) = row.subcommand {
        info = info.subcommand(subcommand);
    }
    let specs = row
        .args
        .iter()
        .zip(FIELDS)
        .map(|(a, field)| {
            let mut spec = ArgSpec::new::<String>(field, a.flag, a.var);
            if a.builtin {
                spec = spec.builtin();
            }
            let implicit = a
                .builtin
                .then(|| function_rules::builtin(a.var).and_then(|b| b.default))
                .flatten();
            if let Some(default) = a.default.or(implicit) {
                spec = spec.default_value(default.to_owned());
            }
            if let Some(key) = a.helm_value {
                spec = spec.helm_value(key);
            }
            if a.required {
                spec = spec.required();
            }
            spec.op(a.op)
        })
        .collect();
    (info, specs)
}

fn kinds(failures: &[Failure]) -> Vec<(Item, Rule)> {
    failures.iter().map(|f| (f.item, f.error.rule())).collect()
}

#[test]
fn derive_and_validate_report_the_same_failures() {
    for row in table() {
        let input = derive_input(&row);
        let cx = Ctxt::default();
        let model = crate::attr::Input::from_ast(&cx, &input);
        assert_eq!(
            cx.messages(),
            Vec::<String>::new(),
            "parse errors in {input:?}"
        );
        let at_compile_time = crate::check::failures(&model);

        let (info, specs) = runtime_parts(&row);
        let at_run_time = validate_specs(&info, &specs).err().unwrap_or_default();

        let what = quote!(#input).to_string();
        assert_eq!(kinds(&at_compile_time), row.expect, "compile time, {what}");
        assert_eq!(at_run_time, at_compile_time, "run time, {what}");

        // Each failure is a compile error that starts with its message.
        crate::check::check(&cx, &model);
        let messages = cx.messages();
        assert_eq!(messages.len(), at_compile_time.len(), "{messages:#?}");
        for (message, failure) in messages.iter().zip(&at_compile_time) {
            assert!(
                message.starts_with(failure.error.message()),
                "{message:?} does not report {failure}"
            );
        }
    }
}

#[test]
fn the_table_covers_every_check() {
    let covered: Vec<Rule> = table()
        .iter()
        .flat_map(|row| row.expect.iter().map(|(_, rule)| *rule))
        .collect();
    for rule in CHECKS {
        // A list item is seen as an item at compile time only (below).
        if *rule == Rule::ListItem {
            continue;
        }
        assert!(covered.contains(rule), "no row for {rule:?}");
    }
}

/// What only the derive sees: the items of a list default.
#[test]
fn list_items_are_checked_at_compile_time_only() {
    let input: DeriveInput = syn::parse_quote! {
        #[derive(Function)]
        #[function(name = "a", image = "b")]
        struct A {
            #[arg(default = ["x", "y,z", DIR])]
            paths: Vec<String>,
        }
    };
    let cx = Ctxt::default();
    let model = crate::attr::Input::from_ast(&cx, &input);
    assert_eq!(
        kinds(&crate::check::failures(&model)),
        [(Item::Arg(0, ArgPart::DefaultItem(1)), Rule::ListItem)]
    );
    // At run time the default is the joined text, whose items cannot be told apart.
    let specs = [ArgSpec::new::<Vec<String>>("paths", "paths", "paths")
        .default_value(vec!["x".to_owned(), "y,z".to_owned()])];
    assert_eq!(validate_specs(&FunctionInfo::new("a", "b"), &specs), Ok(()));
}

/// What only run time sees: the text of a default written as an expression.
#[test]
fn expression_defaults_are_checked_at_run_time_only() {
    let input: DeriveInput = syn::parse_quote! {
        #[derive(Function)]
        #[function(name = "a", image = "b")]
        struct A {
            #[arg(default = DIR.to_string())]
            dir: String,
            #[arg(default = '}')]
            brace: char,
        }
    };
    let cx = Ctxt::default();
    let model = crate::attr::Input::from_ast(&cx, &input);
    // The `char` literal's text is known: it is checked at compile time.
    assert_eq!(
        kinds(&crate::check::failures(&model)),
        [(Item::Arg(1, ArgPart::Default), Rule::DefaultText)]
    );
    let specs = [
        ArgSpec::new::<String>("dir", "dir", "dir").default_value("/tmp/{x}".to_owned()),
        ArgSpec::new::<char>("brace", "brace", "brace").default_value('}'),
    ];
    let failures = validate_specs(&FunctionInfo::new("a", "b"), &specs).unwrap_err();
    assert_eq!(
        kinds(&failures),
        [
            (Item::Arg(0, ArgPart::Default), Rule::DefaultText),
            (Item::Arg(1, ArgPart::Default), Rule::DefaultText),
        ]
    );
}
