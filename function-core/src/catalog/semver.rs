//! SemVer 2.0.0 validation of chart versions (Helm v4's `lint --strict` rejects anything else).

/// Why `version` is not a SemVer 2.0.0 version, or `None` when it is one.
///
/// `MAJOR.MINOR.PATCH`, each a number without leading zeros, then optionally `-PRERELEASE`
/// (dot-separated identifiers of ASCII alphanumerics and `-`, numeric ones without leading
/// zeros) and `+BUILD` (dot-separated identifiers of ASCII alphanumerics and `-`).
pub(crate) fn semver_problem(version: &str) -> Option<&'static str> {
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 {
        return Some("expected MAJOR.MINOR.PATCH, e.g. 1.2.3 (no leading `v`)");
    }
    if !parts.iter().all(|p| is_number(p)) {
        return Some(
            "MAJOR, MINOR and PATCH must be numbers without leading zeros (no leading `v`)",
        );
    }
    if let Some(pre) = pre
        && !pre
            .split('.')
            .all(|id| is_identifier(id) && (!is_digits(id) || is_number(id)))
    {
        return Some(
            "the pre-release must be dot-separated identifiers of ASCII letters, digits and `-`, \
             numeric ones without leading zeros",
        );
    }
    if let Some(build) = build
        && !build.split('.').all(is_identifier)
    {
        return Some(
            "the build metadata must be dot-separated identifiers of ASCII letters, digits and `-`",
        );
    }
    None
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_number(s: &str) -> bool {
    is_digits(s) && (s == "0" || !s.starts_with('0'))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::semver_problem;

    #[test]
    fn accepts_semver_2() {
        for v in [
            "0.0.0",
            "2026.7.10",
            "1.2.3-rc.1",
            "1.2.3-0.a-b",
            "1.2.3+build.5",
            "1.2.3-alpha+001",
            "10.20.30",
        ] {
            assert_eq!(semver_problem(v), None, "{v}");
        }
    }

    #[test]
    fn rejects_the_rest() {
        for v in [
            "v2026.7.10",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.02.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3-a..b",
            "1.2.3+",
            "1.2.3+a_b",
            "",
            "1.2.x",
            "1.2.3-é",
        ] {
            assert!(semver_problem(v).is_some(), "{v}");
        }
    }
}
