//! The laws of `#[derive(Function)]`, as property tests over a struct that uses every kind of
//! field type:
//!
//! 1. `from_args(to_args(x)) == x`, and also with the flags shuffled and written either as
//!    `--flag=value` or `--flag value` (the latter for any value that does not start with
//!    `--`: one that does is a missing value in that form);
//! 2. resolving the manifest's args through the substitution engine with inputs taken from `x`
//!    gives `to_args(x)`, which parses back to `x`: argument by argument (`eval_map`), and over
//!    the whole object as the operator does it (`envsubst::json::eval`);
//! 3. missing inputs give the typed defaults: through the engine (no inputs, or any subset of
//!    them) and in the parser (flags left out).

use std::path::PathBuf;

use function_core::PluginFunction;
use function_core::envsubst::{self, Vars};
use function_core::plugin::{ArgValue, ArgsError};
use kubestash_fn_tests::everything::{Everything, Level};
use proptest::prelude::*;

/// The value every absent flag takes (the required one aside).
fn defaults(required_text: String) -> Everything {
    Everything {
        namespace: "default".into(),
        enabled: true,
        count: 300,
        offset: -5,
        ratio: 1.5,
        scratch_dir: "/kubestash-tmp".into(),
        greeting: "hello world".into(),
        letter: 'x',
        level: Level::Info,
        maybe_number: None,
        maybe_text: None,
        maybe_level: None,
        items: Vec::new(),
        numbers: Vec::new(),
        required_text,
    }
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Debug), Just(Level::Info), Just(Level::Warn)]
}

/// The texts of one kind of test: any text, or only the texts the operator's JSON pass keeps.
#[derive(Clone, Copy)]
enum Texts {
    Any,
    JsonSafe,
}

impl Texts {
    /// A text (maybe empty).
    fn text(self) -> BoxedStrategy<String> {
        match self {
            Texts::Any => any::<String>().boxed(),
            Texts::JsonSafe => r#"[^"\\\p{Cc}]*"#.boxed(),
        }
    }

    /// A text that is not empty (`Some("")` is written as the empty text, which reads back as
    /// `None`).
    fn non_empty(self) -> BoxedStrategy<String> {
        match self {
            Texts::Any => ".+".boxed(),
            Texts::JsonSafe => r#"[^"\\\p{Cc}]+"#.boxed(),
        }
    }

    /// A list whose text reads back: items hold no `,`, and a single item is not empty (see
    /// `ArgValue for Vec<T>`).
    fn items(self) -> BoxedStrategy<Vec<String>> {
        let item = match self {
            Texts::Any => "[^,]*",
            Texts::JsonSafe => r#"[^,"\\\p{Cc}]*"#,
        };
        proptest::collection::vec(item, 0..5)
            .prop_filter("a lone empty item", |v| !(v.len() == 1 && v[0].is_empty()))
            .boxed()
    }

    fn char(self) -> BoxedStrategy<char> {
        match self {
            Texts::Any => any::<char>().boxed(),
            Texts::JsonSafe => any::<char>()
                .prop_filter("JSON-safe", |c| !matches!(c, '"' | '\\') && !c.is_control())
                .boxed(),
        }
    }
}

fn everything() -> impl Strategy<Value = Everything> {
    everything_with(Texts::Any)
}

fn everything_with(texts: Texts) -> impl Strategy<Value = Everything> {
    (
        (
            texts.text(),
            any::<bool>(),
            any::<u32>(),
            any::<i64>(),
            any::<f64>().prop_filter("NaN is not equal to itself", |f| !f.is_nan()),
            texts.text(),
            texts.text(),
            texts.char(),
        ),
        (
            level(),
            any::<Option<u16>>(),
            proptest::option::of(texts.non_empty()),
            proptest::option::of(level()),
            texts.items(),
            any::<Vec<u8>>(),
            texts.text(),
        ),
    )
        .prop_map(
            |(
                (namespace, enabled, count, offset, ratio, scratch_dir, greeting, letter),
                (level, maybe_number, maybe_text, maybe_level, items, numbers, required_text),
            )| Everything {
                namespace,
                enabled,
                count,
                offset,
                ratio,
                scratch_dir: PathBuf::from(scratch_dir),
                greeting,
                letter,
                level,
                maybe_number,
                maybe_text,
                maybe_level,
                items,
                numbers,
                required_text,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Law 1: `from_args(to_args(x)) == x`.
    #[test]
    fn from_args_inverts_to_args(x in everything()) {
        let args = x.to_args();
        prop_assert_eq!(args.len(), Everything::args_template().len());
        prop_assert_eq!(Everything::from_args(&args), Ok(x));
    }

    /// Law 1, any order and either flag form.
    #[test]
    fn order_and_flag_form_do_not_matter(
        x in everything(),
        order in Just((1..16).collect::<Vec<usize>>()).prop_shuffle(),
        split in proptest::collection::vec(any::<bool>(), 15),
    ) {
        let args = x.to_args();
        let mut shuffled = vec![args[0].clone()];
        for (i, &index) in order.iter().enumerate() {
            let (flag, value) = args[index].split_once('=').unwrap();
            // `--flag value` only when the value cannot be taken for a flag.
            if split[i] && !value.starts_with("--") {
                shuffled.push(flag.to_owned());
                shuffled.push(value.to_owned());
            } else {
                shuffled.push(args[index].clone());
            }
        }
        prop_assert_eq!(Everything::from_args(&shuffled), Ok(x));
    }

    /// Law 1 with values that start with `-`: the `--flag value` form takes a value that starts
    /// with one `-`; a value that starts with `--` takes the `--flag=value` form, and in the
    /// other form is a missing value (not a flag taken as a value, nor a flag of its own).
    #[test]
    fn values_that_start_with_hyphens(
        x in everything(),
        one in "-|-[^-].*",
        two in "--.*",
    ) {
        let mut x = x;
        x.greeting = one.clone();
        x.maybe_text = Some(one);
        x.required_text = two.clone();
        let args = x.to_args();
        let mut split = vec![args[0].clone()];
        for arg in &args[1..] {
            let (flag, value) = arg.split_once('=').unwrap();
            if value.starts_with("--") {
                split.push(arg.clone());
            } else {
                split.push(flag.to_owned());
                split.push(value.to_owned());
            }
        }
        prop_assert_eq!(Everything::from_args(&split), Ok(x));
        let bad = [args[0].clone(), "--required-text".into(), two];
        prop_assert_eq!(
            Everything::from_args(&bad),
            Err(ArgsError::MissingValue { flag: "required-text".into() })
        );
    }

    /// Law 2, the parser's side: flags left out take the typed defaults.
    #[test]
    fn absent_flags_take_the_typed_defaults(
        x in everything(),
        keep in proptest::collection::vec(any::<bool>(), 15),
    ) {
        let args = x.to_args();
        let specs = Everything::arg_specs();
        let mut given = vec![args[0].clone()];
        let mut expected = defaults(x.required_text.clone());
        for (i, spec) in specs.iter().enumerate() {
            if keep[i] || spec.field == "required_text" {
                given.push(args[i + 1].clone());
                copy_field(&mut expected, &x, spec.field);
            }
        }
        prop_assert_eq!(Everything::from_args(&given), Ok(expected));
    }
}

/// The inputs an operator would give for `x`: every variable and its field's text, in order.
fn input_pairs(x: &Everything) -> Vec<(String, String)> {
    let texts = x.to_args();
    Everything::arg_specs()
        .iter()
        .zip(&texts[1..])
        .map(|(spec, arg)| {
            let value = arg.split_once('=').map(|(_, v)| v).unwrap_or_default();
            (spec.var.to_owned(), value.to_owned())
        })
        .collect()
}

fn inputs_of(x: &Everything) -> Vars {
    envsubst::vars(input_pairs(x))
}

/// The manifest's args, each resolved with `inputs` by the engine.
fn resolve_args(inputs: &Vars) -> Vec<String> {
    Everything::manifest()
        .spec
        .args
        .iter()
        .map(|arg| envsubst::eval_map(arg, inputs).expect("a derived template resolves"))
        .collect()
}

/// Values the operator's JSON pass carries unchanged: no `"`, `\` or control characters
/// (inserted raw into JSON text, they would break it or be decoded; see `envsubst::json`).
fn json_safe(x: &Everything) -> bool {
    x.to_args()
        .iter()
        .all(|a| !a.contains(['"', '\\']) && !a.chars().any(char::is_control))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Law 2: resolve the template with inputs from `x`, parse, get `x`.
    #[test]
    fn resolving_with_inputs_from_x_gives_x(x in everything()) {
        let resolved = resolve_args(&inputs_of(&x));
        prop_assert_eq!(&resolved, &x.to_args());
        prop_assert_eq!(Everything::from_args(resolved), Ok(x));
    }

    /// Law 2 over the whole object, as the operator resolves it (JSON text, `EvalMap`, decode).
    #[test]
    fn the_operators_json_pass_gives_x(x in everything_with(Texts::JsonSafe)) {
        prop_assert!(json_safe(&x));
        let manifest = Everything::manifest();
        let resolved = envsubst::json::eval(&manifest, &inputs_of(&x)).expect("resolves");
        prop_assert_eq!(&resolved.spec.args, &x.to_args());
        prop_assert_eq!(Everything::from_args(&resolved.spec.args), Ok(x));
    }

    /// Law 3: any subset of the inputs; the missing ones give the typed defaults.
    #[test]
    fn missing_inputs_give_the_typed_defaults(
        x in everything(),
        keep in proptest::collection::vec(any::<bool>(), 15),
    ) {
        let all = input_pairs(&x);
        let specs = Everything::arg_specs();
        let mut expected = defaults(String::new());
        let mut pairs = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            if keep[i] {
                pairs.push(all[i].clone());
                copy_field(&mut expected, &x, spec.field);
            }
        }
        let resolved = resolve_args(&envsubst::vars(pairs));
        prop_assert_eq!(Everything::from_args(resolved), Ok(expected));
    }
}

#[test]
fn no_inputs_at_all_give_the_typed_defaults() {
    let resolved = resolve_args(&envsubst::vars(Vec::<(String, String)>::new()));
    assert_eq!(
        resolved[1..6],
        [
            "--namespace=default",
            "--enabled=true",
            "--count=300",
            "--offset=-5",
            "--ratio=1.5"
        ]
    );
    // The one required field resolves to the empty text.
    assert_eq!(Everything::from_args(resolved), Ok(defaults(String::new())));
    // Each default's text is its typed value's text.
    for spec in Everything::arg_specs() {
        if let Some(default) = &spec.default {
            assert!(!default.is_empty(), "{}", spec.field);
        }
    }
    assert_eq!(Level::Info.to_arg(), "info");
}

/// Copies one field, by name, from `from` into `to`.
fn copy_field(to: &mut Everything, from: &Everything, field: &str) {
    let f = from.clone();
    match field {
        "namespace" => to.namespace = f.namespace,
        "enabled" => to.enabled = f.enabled,
        "count" => to.count = f.count,
        "offset" => to.offset = f.offset,
        "ratio" => to.ratio = f.ratio,
        "scratch_dir" => to.scratch_dir = f.scratch_dir,
        "greeting" => to.greeting = f.greeting,
        "letter" => to.letter = f.letter,
        "level" => to.level = f.level,
        "maybe_number" => to.maybe_number = f.maybe_number,
        "maybe_text" => to.maybe_text = f.maybe_text,
        "maybe_level" => to.maybe_level = f.maybe_level,
        "items" => to.items = f.items,
        "numbers" => to.numbers = f.numbers,
        "required_text" => to.required_text = f.required_text,
        other => panic!("no field {other}"),
    }
}

#[test]
fn all_flags_absent() {
    assert_eq!(
        Everything::from_args(["run", "--required-text=r"]),
        Ok(defaults("r".into()))
    );
    assert_eq!(
        Everything::from_args(["run"]).unwrap_err().to_string(),
        "missing the required flag `--required-text` (a string)"
    );
}

#[test]
fn template_of_every_kind() {
    assert_eq!(
        Everything::args_template(),
        [
            "run",
            "--namespace=${namespace:=default}",
            "--enabled=${enabled:=true}",
            "--count=${count:=300}",
            "--offset=${offset:=-5}",
            "--ratio=${ratio:=1.5}",
            "--scratch-dir=${scratchDir:=/kubestash-tmp}",
            "--greeting=${greeting:=hello world}",
            "--letter=${letter:=x}",
            "--level=${level:=info}",
            "--maybe-number=${maybeNumber:=}",
            "--maybe-text=${maybeText:=}",
            "--maybe-level=${maybeLevel:=}",
            "--items=${items:=}",
            "--numbers=${numbers:=}",
            "--required-text=${requiredText:=}",
        ]
    );
    let bad = Everything::from_args(["run", "--required-text=", "--maybe-level=loud"]);
    assert_eq!(
        bad.unwrap_err().to_string(),
        "invalid value `loud` for `--maybe-level`: expected Level (`loud` is not one of debug, \
         info, warn)"
    );
    let bad = Everything::from_args(["run", "--required-text=", "--numbers=1,2,300"]);
    assert_eq!(
        bad.unwrap_err().to_string(),
        "invalid value `1,2,300` for `--numbers`: expected a comma-separated list of u8 (item 3 \
         `300`: number too large to fit in target type)"
    );
}
