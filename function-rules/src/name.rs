//! Object names: a Function's or an Addon's (an RFC 1123 subdomain) and a chart's (a label).

use crate::{Rule, RuleError, shown};

/// Checks that `name` is a lowercase RFC 1123 subdomain, as Kubernetes requires of an object's
/// name: at most 253 characters, lowercase alphanumerics, `-` or `.`, each `.`-separated label
/// starting and ending with an alphanumeric.
///
/// ```
/// use function_rules::check_function_name;
///
/// assert!(check_function_name("kubedump-backup").is_ok());
/// assert!(check_function_name("a.b-c").is_ok());
/// assert!(check_function_name("-backup").is_err());
/// assert!(check_function_name("backup..x").is_err());
/// assert!(check_function_name(&"a".repeat(254)).is_err());
/// ```
pub fn check_function_name(name: &str) -> Result<(), RuleError> {
    check_object_name("Function", name)
}

/// [`check_function_name`] for an object of any `kind` (`Addon`, ...), named in the message.
///
/// ```
/// use function_rules::check_object_name;
///
/// let err = check_object_name("Addon", "Pvc-Addon").unwrap_err();
/// assert!(err.message().starts_with("`Pvc-Addon` is not a valid Addon name"));
/// ```
pub fn check_object_name(kind: &str, name: &str) -> Result<(), RuleError> {
    const WHY: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
                       characters, '-' or '.', and must start and end with an alphanumeric \
                       character (e.g. 'example.com')";
    let err = |detail: &str| {
        Err(RuleError::new(
            Rule::FunctionName,
            format!(
                "`{}` is not a valid {kind} name ({detail}): {WHY}",
                shown(name)
            ),
        ))
    };
    if name.is_empty() {
        return err("it is empty");
    }
    if name.len() > 253 {
        return err("it is longer than 253 characters");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return err(&format!("`{}` is not allowed", c.escape_debug()));
    }
    for label in name.split('.') {
        let bytes = label.as_bytes();
        let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) if alnum(first) && alnum(last) => {}
            _ => return err("a `.`-separated part does not start and end with a-z or 0-9"),
        }
    }
    Ok(())
}

/// Checks that `name` is a lowercase RFC 1123 label (a Helm chart name): at most 63
/// characters, lowercase alphanumerics or `-`, starting and ending with an alphanumeric.
///
/// ```
/// use function_rules::check_dns_label;
///
/// assert!(check_dns_label("kubestash-catalog").is_ok());
/// assert!(check_dns_label("kubestash.catalog").is_err());
/// assert!(check_dns_label(&"a".repeat(64)).is_err());
/// ```
pub fn check_dns_label(name: &str) -> Result<(), RuleError> {
    let b = name.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = !b.is_empty()
        && b.len() <= 63
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-');
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::FunctionName,
            format!(
                "`{}` is not a valid name: use lowercase letters, digits and `-`, starting and \
                 ending with a letter or digit, at most 63 characters",
                shown(name)
            ),
        ))
    }
}
