//! `function-rules` (used by the derive at compile time) and the substitution engine must agree:
//! a variable name the rules accept is one the engine parses, and a derived template is one
//! expression per argument whose only variable is the field's.

use function_core::envsubst::{self, Template};
use function_core::rules;

/// Every Unicode scalar value: `${c}` resolves with an input named `c` exactly when the rules
/// call `c` a variable-name character.
#[test]
fn variable_name_characters() {
    let mut disagreements = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let name = c.to_string();
        let inputs = envsubst::vars([(name.as_str(), "v")]);
        let engine = envsubst::eval_map(&format!("${{{name}}}"), &inputs).as_deref() == Ok("v");
        if engine != rules::is_variable_name_char(c) {
            disagreements.push(c);
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} characters differ, first {:?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(10)]
    );
    assert_eq!(rules::UNICODE_VERSION, envsubst::UNICODE_VERSION);
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
