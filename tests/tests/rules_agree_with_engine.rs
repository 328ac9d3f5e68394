//! `function-rules` (used by the derive at compile time) and the substitution engine, each
//! checked against an independent oracle, and against each other where they meet: a default
//! text the rules accept is one the engine returns unchanged, and a derived template is one
//! expression per argument whose only variable is the field's.

use std::collections::BTreeSet;

use function_core::envsubst::{self, Template};
use function_core::rules;

/// The oracle of `tests/fixtures/unicode/letter-or-digit.txt`: the code points of the general
/// categories Lu, Ll, Lt, Lm, Lo and Nd as ICU 72.1's `u_charType` (Unicode 15.0.0) classifies
/// them, written by `scripts/gen-unicode-oracle.py` (not from the table the rules and the engine
/// use, which `scripts/gen-unicode-tables.py` derives from UnicodeData.txt).
struct Oracle {
    unicode: String,
    chars: BTreeSet<u32>,
}

fn oracle() -> Oracle {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/unicode/letter-or-digit.txt"
    );
    let text = std::fs::read_to_string(path).expect("read the Unicode oracle");
    let mut unicode = None;
    let mut chars = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(v) = line.strip_prefix("unicode ") {
            unicode = Some(v.to_owned());
            continue;
        }
        let (lo, hi) = line
            .split_once("..")
            .unwrap_or_else(|| panic!("{path}:{}: not a range: {line:?}", n + 1));
        let hex = |h: &str| u32::from_str_radix(h, 16).expect("hexadecimal code point");
        chars.extend(hex(lo)..=hex(hi));
    }
    Oracle {
        unicode: unicode.expect("the oracle names its Unicode version"),
        chars,
    }
}

/// The oracle says what it should about characters whose category is known by hand, including
/// one new in Unicode 15.0 (so it is not an older version's list).
#[test]
fn the_oracle_is_the_general_categories_at_unicode_15() {
    let o = oracle();
    assert_eq!(o.unicode, "15.0.0");
    for (c, want, what) in [
        ('a', true, "Ll"),
        ('Z', true, "Lu"),
        ('ǅ', true, "Lt"),
        ('ʰ', true, "Lm"),
        ('中', true, "Lo"),
        ('٣', true, "Nd (Arabic-Indic three)"),
        ('\u{11F04}', true, "Lo, KAWI LETTER A, new in Unicode 15.0"),
        ('_', false, "Pc (the engine adds `_` itself)"),
        ('-', false, "Pd"),
        ('Ⅻ', false, "Nl (Rust's is_alphabetic says yes)"),
        ('²', false, "No (Rust's is_numeric says yes)"),
        ('\u{0345}', false, "Mn with Other_Alphabetic"),
        (
            '\u{11F00}',
            false,
            "Mn, KAWI SIGN CANDRABINDU, new in Unicode 15.0",
        ),
    ] {
        assert_eq!(o.chars.contains(&u32::from(c)), want, "{c:?} ({what})");
    }
}

/// Every Unicode scalar value: the rules call `c` a variable-name character, and `${c}`
/// resolves with an input named `c`, exactly when the oracle lists `c` or `c` is `_`.
#[test]
fn variable_name_characters_follow_the_oracle() {
    let o = oracle();
    assert_eq!(rules::UNICODE_VERSION, o.unicode, "the rules' table");
    assert_eq!(envsubst::UNICODE_VERSION, o.unicode, "the engine's tables");
    let (mut rules_wrong, mut engine_wrong) = (Vec::new(), Vec::new());
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let want = c == '_' || o.chars.contains(&u32::from(c));
        if rules::is_variable_name_char(c) != want {
            rules_wrong.push(c);
        }
        let name = c.to_string();
        let inputs = envsubst::vars([(name.as_str(), "v")]);
        let engine = envsubst::eval_map(&format!("${{{name}}}"), &inputs).as_deref() == Ok("v");
        if engine != want {
            engine_wrong.push(c);
        }
    }
    let first = |v: &[char]| v[..v.len().min(10)].to_vec();
    assert!(
        rules_wrong.is_empty() && engine_wrong.is_empty(),
        "the rules differ from the oracle on {} characters (first {:?}), the engine on {} (first {:?})",
        rules_wrong.len(),
        first(&rules_wrong),
        engine_wrong.len(),
        first(&engine_wrong)
    );
}

fn no_inputs() -> envsubst::Vars {
    envsubst::vars(Vec::<(String, String)>::new())
}

/// A default text the rules accept is returned unchanged by the engine when its variable is
/// unset; the rejected characters are the ones that would change it.
#[test]
fn default_texts() {
    for text in [
        "",
        "/kubestash-tmp",
        "a b",
        "$",
        "$$",
        "a$b",
        "{",
        "300",
        "x=y,z",
    ] {
        assert!(rules::check_default_text(text).is_ok(), "{text}");
        let resolved = envsubst::eval_map(&format!("${{x:={text}}}"), &no_inputs());
        assert_eq!(resolved.as_deref(), Ok(text), "{text}");
    }
    // `}` ends the default early.
    let early = envsubst::eval_map("${x:=a}b}", &no_inputs());
    assert_eq!(early.as_deref(), Ok("ab}"));
    assert!(rules::check_default_text("a}b").is_err());
}

#[test]
fn a_derived_template_has_one_variable_per_argument() {
    #[derive(function_core::Function)]
    #[function(name = "t", image = "example.com/t:v1", subcommand = "backup")]
    #[allow(dead_code)]
    struct T {
        #[arg(builtin)]
        namespace: String,
        #[arg(var = "ANDedLabelSelectors")]
        and_label_selectors: Vec<String>,
        #[arg(default = "/kubestash-tmp")]
        scratch_dir: std::path::PathBuf,
        #[arg(var = "größe", default = 3)]
        size: u8,
    }
    use function_core::PluginFunction;
    let template = T::args_template();
    assert!(Template::parse(&template[0]).unwrap().is_literal());
    for (arg, spec) in template[1..].iter().zip(T::arg_specs()) {
        let parsed = Template::parse(arg).unwrap();
        let vars: Vec<&str> = parsed.variables().collect();
        assert_eq!(vars, [spec.var], "{arg}");
    }
}
