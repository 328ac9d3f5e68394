//! Rust names for what the objects name: struct names from object names, field names from
//! flags and variables, helper names, and the rule that resolves clashes.
//!
//! Every name is made valid the same way, so the same input always gives the same code:
//!
//! - **types** (`pvc-backup` → `PvcBackup`): UpperCamelCase; a name that starts with a digit gets
//!   its kind in front (`7z-backup` → `Function7zBackup`, `Addon7zAddon`);
//! - **fields and functions** (`--wait-timeout` → `wait_timeout`): snake_case; characters that
//!   are not ASCII letters, digits or `_` become `_`; a name that starts with a digit gets `arg_`
//!   (fields) or `value_` (functions) in front; a keyword becomes a raw identifier (`r#type`),
//!   except the four that cannot be raw (`self`, `Self`, `super`, `crate`), which get a `_`
//!   suffix;
//! - **clashes**: the first name (in input order) keeps its name, the next ones get `2`, `3`, …
//!   (types) or `_2`, `_3`, … (fields and functions). Type names also avoid the names the
//!   generated file imports or uses from the prelude (`Function`, `PathBuf`, `Option`, …).

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Span;
use syn::Ident;

/// Every Rust keyword (strict, reserved, and those of editions up to 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names a generated file uses in the type namespace, which a struct must not shadow.
pub(crate) const RESERVED_TYPES: &[&str] = &[
    "Function",
    "PathBuf",
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Send",
    "Sync",
    "Sized",
    "Self",
];

/// Whether `word` is a Rust keyword.
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` is an identifier as written (ASCII, not a keyword): what `addon!` accepts
/// as a parameter's variable (`scratchDir { usage: "..." }`), where `stringify!` must give the
/// variable back.
pub(crate) fn is_plain_ident(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && word != "_"
        && !is_keyword(word)
}

/// The UpperCamelCase type name of an object (`pvc-backup` → `PvcBackup`), with `kind` in
/// front when it would start with a digit.
pub(crate) fn type_name(object_name: &str, kind: &str) -> String {
    let camel: String = ascii_word(object_name).to_upper_camel_case();
    if camel.is_empty() {
        kind.to_owned()
    } else if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{kind}{camel}")
    } else {
        camel
    }
}

/// The snake_case form of `text` as an identifier's text: ASCII letters, digits and `_` only,
/// `prefix` in front of a leading digit, `fallback` for nothing left.
pub(crate) fn snake_name(text: &str, prefix: &str, fallback: &str) -> String {
    let snake = ascii_word(text).to_snake_case();
    let snake = snake.trim_matches('_');
    if snake.is_empty() {
        fallback.to_owned()
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{snake}")
    } else {
        snake.to_owned()
    }
}

/// `text` with every character that is not an ASCII letter or digit turned into a word break.
fn ascii_word(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The identifier for a snake_case name: raw for a keyword, `_`-suffixed for the four that
/// cannot be raw.
pub(crate) fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The text of an identifier without `r#`: what the derive calls the field's name.
pub(crate) fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// A set of names in one namespace, handing out free ones.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    taken: BTreeSet<String>,
    /// Put between a clashing name and its number: `""` for types, `"_"` for snake_case.
    separator: &'static str,
}

impl Names {
    /// A namespace for UpperCamelCase type names, with the reserved names taken.
    pub(crate) fn types() -> Self {
        Names {
            taken: RESERVED_TYPES.iter().map(|s| (*s).to_owned()).collect(),
            separator: "",
        }
    }

    /// A namespace for snake_case names.
    pub(crate) fn snake() -> Self {
        Names {
            taken: BTreeSet::new(),
            separator: "_",
        }
    }

    /// Takes `name`, or the first of `name2`, `name3`, … that is free.
    pub(crate) fn claim(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{name}{}{n}", self.separator);
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Whether `name` is taken.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Marks `name` as taken.
    #[cfg(test)]
    pub(crate) fn insert(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }
}

/// The Rust field name k8s-openapi gives a JSON property (`hostIP` → `host_ip`,
/// `podIPs` → `pod_ips`, `type` → `type_`), as its code generator does: an `_` before an
/// upper-case letter that follows a lower-case letter or a digit, or that starts a new word
/// after an acronym (`openAPIV3Schema` → `open_api_v3_schema`), except the plural `s` of an
/// acronym at the end (`nonResourceURLs` → `non_resource_urls`). The KubeStash types' fields
/// (serde `camelCase`) follow the same rule.
pub(crate) fn k8s_field_name(json: &str) -> String {
    match json {
        "$ref" => return "ref_path".into(),
        "$schema" => return "schema".into(),
        "as" | "continue" | "enum" | "ref" | "type" => return format!("{json}_"),
        _ => {}
    }
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::with_capacity(json.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let plural_end = next == Some('s') && i + 2 == chars.len();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => {
                    next.is_some_and(|n| !n.is_ascii_uppercase()) && !plural_end
                }
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' || c == '.' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("pvc-backup", "Function"), "PvcBackup");
        assert_eq!(
            type_name("mongodb.backup-v2", "Function"),
            "MongodbBackupV2"
        );
        assert_eq!(type_name("7z-backup", "Function"), "Function7zBackup");
        assert_eq!(type_name("7z-addon", "Addon"), "Addon7zAddon");
        assert_eq!(type_name("---", "Addon"), "Addon");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("wait-timeout", "arg_", "arg"), "wait_timeout");
        assert_eq!(
            snake_name("ANDedLabelSelectors", "arg_", "arg"),
            "an_ded_label_selectors"
        );
        assert_eq!(snake_name("3way", "arg_", "arg"), "arg_3way");
        assert_eq!(snake_name("größe", "arg_", "arg"), "gr_e");
        assert_eq!(snake_name("__", "arg_", "arg"), "arg");
        assert_eq!(snake_name("a.b_c", "arg_", "arg"), "a_b_c");
    }

    #[test]
    fn identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(unraw(&ident("type")), "type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("crate").to_string(), "crate_");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("paths").to_string(), "paths");
        assert!(is_plain_ident("ANDedLabelSelectors"));
        assert!(!is_plain_ident("type"));
        assert!(!is_plain_ident("3x"));
        assert!(!is_plain_ident("größe"));
        assert!(!is_plain_ident("_"));
    }

    #[test]
    fn clashes_are_numbered_in_order() {
        let mut types = Names::types();
        assert_eq!(types.claim("PvcBackup"), "PvcBackup");
        assert_eq!(types.claim("PvcBackup"), "PvcBackup2");
        assert_eq!(types.claim("PvcBackup"), "PvcBackup3");
        assert_eq!(types.claim("Function"), "Function2");
        let mut fields = Names::snake();
        assert_eq!(fields.claim("paths"), "paths");
        assert_eq!(fields.claim("paths"), "paths_2");
    }

    #[test]
    fn k8s_field_names() {
        for (json, rust) in [
            ("containerPort", "container_port"),
            ("hostIP", "host_ip"),
            ("podIPs", "pod_ips"),
            ("nonResourceURLs", "non_resource_urls"),
            ("openAPIV3Schema", "open_api_v3_schema"),
            (
                "serverAddressByClientCIDRs",
                "server_address_by_client_cidrs",
            ),
            ("downwardAPI", "downward_api"),
            ("scaleIO", "scale_io"),
            ("type", "type_"),
            ("$ref", "ref_path"),
            ("x-kubernetes-int-or-string", "x_kubernetes_int_or_string"),
            ("seLinuxOptions", "se_linux_options"),
            ("claimName", "claim_name"),
        ] {
            assert_eq!(k8s_field_name(json), rust, "{json}");
        }
    }
}
