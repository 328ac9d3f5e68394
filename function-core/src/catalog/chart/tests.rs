use super::readme::code;
use super::*;
use proptest::prelude::*;

/// What Go's template lexer does with escaped text: every action is `{{ "{{" }}`, which
/// prints `{{`; the rest is literal.
fn render_escaped(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        rest = rest[at..].strip_prefix(r#"{{ "{{" }}"#)?;
        out.push_str("{{");
    }
    out.push_str(rest);
    Some(out)
}

proptest! {
    #[test]
    fn escaped_text_prints_itself(s in "[{}a \"\\\\`$-]{0,40}") {
        prop_assert_eq!(render_escaped(&escape_actions(&s)), Some(s));
    }
}

/// The README's `helm install` line, pasted in the folder that holds the README, names a
/// folder with the chart in it, whatever the chart's folder is called.
#[test]
fn readme_install_line_works_where_the_chart_is() {
    let mut catalog = Catalog::new("demo-catalog", "0.1.0");
    catalog.add_function(Function::new(
        "pvc-backup",
        crate::api::FunctionSpec {
            image: "ghcr.io/kubestash/pvc:v0.28.0".into(),
            ..crate::api::FunctionSpec::default()
        },
    ));
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("chart");
    catalog.write_chart(&folder).unwrap();
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("helm install "))
        .expect("an install line");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words.len(), 4, "{line}");
    assert_eq!(
        words[2], "demo-catalog",
        "the release is named after the chart"
    );
    let chart = folder.join(words[3]);
    let chart_yaml = std::fs::read_to_string(chart.join("Chart.yaml")).unwrap();
    assert!(chart_yaml.contains("name: demo-catalog"), "{chart_yaml}");
}

#[test]
fn literal_parts_are_go_strings() {
    let action = scalar_action(&[
        Part::Lit("a\"b\\c\n{{ x }}".into()),
        Part::Expr("(.Values.x | toString)".into()),
        Part::Lit(String::new()),
    ]);
    assert_eq!(
        action,
        r#"{{ print "a\"b\\c\n{{ x }}" (.Values.x | toString) | toJson }}"#
    );
}

#[test]
fn comments_stay_on_one_line() {
    assert_eq!(one_line("a\nb\tc"), "a b c");
    assert_eq!(code("a|b"), r"`a\|b`");
    assert_eq!(code("`x`"), "`` `x` ``");
}
