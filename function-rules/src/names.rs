//! The naming conventions shared by the derive (compile time), the importer (which writes what
//! the derive reads back) and function-core (run time): a field's default flag and variable,
//! a doc comment as usage text, and the one "did you mean" rule.

use heck::{ToKebabCase, ToLowerCamelCase};

/// The flag a field gets when it names none (`#[arg(flag = "...")]`): its name in kebab-case,
/// without `r#`.
///
/// ```
/// assert_eq!(function_rules::default_flag("wait_timeout"), "wait-timeout");
/// assert_eq!(function_rules::default_flag("r#type"), "type");
/// ```
pub fn default_flag(field: &str) -> String {
    unraw(field).to_kebab_case()
}

/// The variable a field gets when it names none (`#[arg(var = "...")]`): its name in
/// lowerCamelCase, without `r#`.
///
/// ```
/// assert_eq!(function_rules::default_variable("wait_timeout"), "waitTimeout");
/// assert_eq!(function_rules::default_variable("r#type"), "type");
/// ```
pub fn default_variable(field: &str) -> String {
    unraw(field).to_lower_camel_case()
}

fn unraw(field: &str) -> &str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// A doc comment as the usage text of a parameter (or the `about` of a subcommand): each line
/// trimmed, the lines of a paragraph joined with a space, paragraphs separated by a blank
/// line. `lines` are the doc attributes' texts in order (`///` alone is an empty text, a blank
/// line; one text may hold several lines, as a `/** */` block does).
///
/// ```
/// let usage = function_rules::usage_from_doc(["First line", "  continues here.", "", " Second."]);
/// assert_eq!(usage, "First line continues here.\n\nSecond.");
/// ```
pub fn usage_from_doc<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for text in lines {
        let split: Vec<&str> = if text.is_empty() {
            vec![""]
        } else {
            text.lines().collect()
        };
        for line in split {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

/// Whether `usage` comes back unchanged from a one-line doc comment through
/// [`usage_from_doc`]: the importer writes such a usage as `/// usage`, any other as
/// `#[arg(usage = "...")]`.
///
/// ```
/// assert!(function_rules::is_doc_usage("Enable or disable caching."));
/// assert!(!function_rules::is_doc_usage(" padded"));
/// assert!(!function_rules::is_doc_usage("two\nlines"));
/// assert!(!function_rules::is_doc_usage(""));
/// ```
pub fn is_doc_usage(usage: &str) -> bool {
    !usage.is_empty() && !usage.chars().any(char::is_control) && usage_from_doc([usage]) == usage
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: the one rule of
/// every "did you mean" of the project (the derive's and `addon!`'s keys, the YAML reader's
/// fields, the lint's names, task parameters).
///
/// Letters are compared without case, and two swapped neighbours count as one edit (optimal
/// string alignment, [`strsim::osa_distance`]); a candidate is close when at most a third of
/// the longer word's characters (and at least one) differ. The first of equally close
/// candidates wins.
///
/// ```
/// use function_rules::closest;
///
/// let keys = ["name", "image", "subcommand"];
/// assert_eq!(closest("nmae", &keys), Some("name"));
/// assert_eq!(closest("Image", &keys), Some("image"));
/// assert_eq!(closest("subcomand", &keys), Some("subcommand"));
/// assert_eq!(closest("zzz", &keys), None);
/// ```
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let len = word.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for &candidate in candidates {
        let distance = strsim::osa_distance(&lower, &candidate.to_lowercase());
        let allowed = (len.max(candidate.chars().count()) / 3).max(1);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_only_suggests_near_misses() {
        let fields = ["name", "mountPath", "readOnly"];
        assert_eq!(closest("mountPth", &fields), Some("mountPath"));
        assert_eq!(closest("readonly", &fields), Some("readOnly"));
        assert_eq!(closest("zzz", &fields), None);
        assert_eq!(closest("", &fields), None);
        // A short word allows one edit.
        assert_eq!(closest("nam", &fields), Some("name"));
        assert_eq!(closest("nx", &fields), None);
    }

    #[test]
    fn closest_prefers_the_nearest_then_the_first() {
        assert_eq!(
            closest("compresion", &["compressions", "compression"]),
            Some("compression")
        );
        assert_eq!(closest("ab", &["ac", "ad"]), Some("ac"));
    }

    #[test]
    fn doc_usage_round_trips() {
        for usage in ["One line.", "a `code` b"] {
            assert!(is_doc_usage(usage), "{usage}");
        }
        for usage in ["tab\there", "a\n\nb", "trailing ", " leading"] {
            assert!(!is_doc_usage(usage), "{usage:?}");
        }
    }
}
