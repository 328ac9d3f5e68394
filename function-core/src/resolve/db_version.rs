//! Choosing the value of `${DB_VERSION}` among a Function's `availableVersions`.

use std::sync::LazyLock;

use regex::Regex;

/// Why no `${DB_VERSION}` could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbVersionError {
    /// The Function lists no `availableVersions` (upstream's exact message).
    #[error("available list of addon-versions can't be empty")]
    EmptyList,
    /// A version holds no `major.minor[.patch]` number.
    #[error("invalid version {version:?}: no major.minor[.patch] number in it")]
    Unparsable {
        /// The offending version text.
        version: String,
    },
}

/// One entry of the fixed table: a database-version pattern, a Function-name pattern and the
/// version they select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedEntry {
    /// Regex over the database version (unanchored unless it says `^`/`$`).
    pub db_version: &'static str,
    /// Regex over the Function's name (unanchored unless it says `^`/`$`).
    pub function: &'static str,
    /// The version chosen when both match.
    pub version: &'static str,
}

const MARIADB: &str = "mariadb-physical-(backup|restore)";

/// The operator's fixed table, most specific entry first; the first matching entry wins.
///
/// Order: the anchored Percona entry, then the entries with a full `major.minor` prefix, with
/// the two-digit minors (`10.10.*`, `10.11.*`) before the loosest pattern `11.*.*`, which
/// matches any version that merely contains `11`.
pub const FIXED_TABLE: &[FixedEntry] = &[
    FixedEntry {
        db_version: r"^17\.9-percona$",
        function: "postgres-.*(backup|restore)",
        version: "17.9-percona",
    },
    FixedEntry {
        db_version: "7.0.*",
        function: "mongodb-(backup|restore)",
        version: "6.0.5",
    },
    FixedEntry {
        db_version: "5.7.*",
        function: "mysql-physical-(backup|restore)",
        version: "2.4.29",
    },
    FixedEntry {
        db_version: "10.10.*",
        function: MARIADB,
        version: "10.11.6-jammy",
    },
    FixedEntry {
        db_version: "10.11.*",
        function: MARIADB,
        version: "10.11.6-jammy",
    },
    FixedEntry {
        db_version: "10.4.*",
        function: MARIADB,
        version: "10.4.32-focal",
    },
    FixedEntry {
        db_version: "10.5.*",
        function: MARIADB,
        version: "10.6.16-focal",
    },
    FixedEntry {
        db_version: "10.6.*",
        function: MARIADB,
        version: "10.6.16-focal",
    },
    FixedEntry {
        db_version: "11.*.*",
        function: MARIADB,
        version: "11.1.3-jammy",
    },
];

static COMPILED_TABLE: LazyLock<Vec<(Regex, Regex, &'static str)>> = LazyLock::new(|| {
    FIXED_TABLE
        .iter()
        .map(|e| {
            // The table is a constant: a pattern that does not compile is a bug caught by tests.
            let db = Regex::new(e.db_version).expect("fixed table db pattern");
            let func = Regex::new(e.function).expect("fixed table function pattern");
            (db, func, e.version)
        })
        .collect()
});

// Go's RE2 `\d` and `\b` are ASCII-only; say so explicitly.
static VERSION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]+\.[0-9]+(\.[0-9]+)?(?-u:\b)").expect("version pattern")
});

/// Looks `db_version` up in the fixed table for `function`; the first matching entry wins.
///
/// ```
/// use function_core::resolve::fixed_table_lookup;
///
/// assert_eq!(fixed_table_lookup("10.11.6", "mariadb-physical-backup"), Some("10.11.6-jammy"));
/// assert_eq!(fixed_table_lookup("10.11.6", "postgres-backup"), None);
/// ```
pub fn fixed_table_lookup(db_version: &str, function: &str) -> Option<&'static str> {
    COMPILED_TABLE
        .iter()
        .find(|(db, func, _)| db.is_match(db_version) && func.is_match(function))
        .map(|(_, _, v)| *v)
}

/// The versions of the fixed table that can be chosen for the Function named `function`: those
/// of the entries whose Function pattern matches it, in table order, without repeats. The
/// operator may pick them even though they are not in the Function's `availableVersions`
/// (`17.9-percona` for postgres Functions is kept out of the list on purpose upstream).
///
/// ```
/// use function_core::resolve::fixed_versions;
///
/// assert_eq!(fixed_versions("postgres-backup"), ["17.9-percona"]);
/// assert_eq!(fixed_versions("mariadb-physical-restore").len(), 4);
/// assert!(fixed_versions("pvc-backup").is_empty());
/// ```
pub fn fixed_versions(function: &str) -> Vec<&'static str> {
    let mut versions = Vec::new();
    for (_, func, version) in COMPILED_TABLE.iter() {
        if func.is_match(function) && !versions.contains(version) {
            versions.push(*version);
        }
    }
    versions
}

/// The entries of the fixed table whose Function pattern matches the Function named `function`,
/// in table order: the database versions for which the operator sets `${DB_VERSION}` itself,
/// whatever the Function's `availableVersions` say (the lint's `fixed-version-table` hazard).
///
/// ```
/// use function_core::resolve::fixed_entries;
///
/// let entries = fixed_entries("mongodb-backup");
/// assert_eq!((entries[0].db_version, entries[0].version), ("7.0.*", "6.0.5"));
/// assert_eq!(fixed_entries("mariadb-physical-restore").len(), 6);
/// assert!(fixed_entries("mongodb-dump-backup").is_empty());
/// ```
pub fn fixed_entries(function: &str) -> Vec<&'static FixedEntry> {
    COMPILED_TABLE
        .iter()
        .zip(FIXED_TABLE)
        .filter(|((_, func, _), _)| func.is_match(function))
        .map(|(_, entry)| entry)
        .collect()
}

/// `(major, minor, patch)` of the first `major.minor[.patch]` number in `text`.
fn extract(text: &str) -> Result<(&str, (u64, u64, u64)), DbVersionError> {
    let unparsable = || DbVersionError::Unparsable {
        version: text.to_owned(),
    };
    let m = VERSION_RE.find(text).ok_or_else(unparsable)?;
    let mut parts = m.as_str().split('.').map(str::parse::<u64>);
    let mut next = || parts.next().transpose().map_err(|_| unparsable());
    let major = next()?.ok_or_else(unparsable)?;
    let minor = next()?.ok_or_else(unparsable)?;
    let patch = next()?.unwrap_or(0);
    Ok((m.as_str(), (major, minor, patch)))
}

/// The `(major, minor, patch)` the operator reads from a version: the first
/// `\b\d+\.\d+(\.\d+)?\b` number in it (patch 0 when absent), as in step 3 of
/// [`select_db_version`]. A version with no such number (`latest`) is an error, and the operator
/// fails on the whole list whenever it chooses `${DB_VERSION}` from it.
///
/// ```
/// use function_core::resolve::{version_key, DbVersionError};
///
/// assert_eq!(version_key("16.4-bookworm"), Ok((16, 4, 0)));
/// assert_eq!(version_key("2.4.29"), Ok((2, 4, 29)));
/// // `\b` needs a non-word character before the number: after `v` it starts at `4`.
/// assert_eq!(version_key("v2.4.29"), Ok((4, 29, 0)));
/// assert!(matches!(version_key("latest"), Err(DbVersionError::Unparsable { .. })));
/// ```
pub fn version_key(text: &str) -> Result<(u64, u64, u64), DbVersionError> {
    extract(text).map(|(_, key)| key)
}

/// Chooses the value of `${DB_VERSION}` for `function` from `available`, given the database's
/// version.
///
/// The operator picks the plugin image tag that suits the database it backs up. Given the
/// Function's `availableVersions`, the database's version and the Function's name:
///
/// 1. An empty list is the error `available list of addon-versions can't be empty`.
/// 2. A fixed table is consulted, first with the raw database version, then with the version
///    extracted as in step 3. Each entry is a (database-version regex, Function-name regex) pair
///    that maps to a fixed tag. As upstream, the regexes are unanchored unless written with `^`
///    or `$`, so `7.0.*` also matches `17.0.3`.
/// 3. Otherwise `\b\d+\.\d+(\.\d+)?\b` is extracted from every version and parsed as
///    `major.minor[.patch]`; the list and the database version are sorted ascending, the
///    database version after an available version equal to it. At the database version's
///    position `i`: if `i > 0`, its major differs from the one before and a next one exists,
///    the next is taken; else if `i > 0`, the one before; else the next.
///
/// **Determinism.** Upstream keeps the table in a Go map, so when two entries match (the
/// version `10.11.6` matches both `10.11.*` and `11.*.*`, since `11.*.*` is unanchored and
/// `.*` matches anything) the answer depends on map iteration order. Here the table is an
/// ordered list, most specific entry first (see [`FIXED_TABLE`]): the first match wins, so
/// `10.11.6` always gives `10.11.6-jammy`.
///
/// ```
/// use function_core::resolve::{select_db_version, DbVersionError};
///
/// let available = ["12.17", "14.10", "16.4", "17.2", "18.2"].map(String::from);
/// assert_eq!(select_db_version(&available, "13.13", "postgres-backup").unwrap(), "14.10");
/// assert_eq!(select_db_version(&available, "11.22", "postgres-backup").unwrap(), "12.17");
/// assert_eq!(select_db_version(&available, "16.4", "postgres-backup").unwrap(), "16.4");
/// assert_eq!(select_db_version(&[], "16.4", "postgres-backup"), Err(DbVersionError::EmptyList));
/// ```
pub fn select_db_version(
    available: &[String],
    db_version: &str,
    function: &str,
) -> Result<String, DbVersionError> {
    choose_db_version(available, db_version, function).map(|c| c.version)
}

/// The tag [`choose_db_version`] chose, and the rule that chose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbVersionChoice {
    /// The value of `${DB_VERSION}`.
    pub version: String,
    /// The database version it was chosen for, as given.
    pub db_version: String,
    /// Why this one.
    pub rule: DbVersionRule,
}

/// Which step of [`select_db_version`] chose the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbVersionRule {
    /// An entry of the operator's [`FIXED_TABLE`], matched by the database version as given
    /// (`extracted: false`) or by the `major.minor[.patch]` read from it: it wins over
    /// `availableVersions`.
    Fixed {
        /// The entry.
        entry: &'static FixedEntry,
        /// Whether it matched the extracted version rather than the text given.
        extracted: bool,
    },
    /// The available version whose number is the database's.
    Equal,
    /// The highest available version below the database's, of its major, or the highest
    /// of all when no higher one exists.
    Below,
    /// The next available version above the database's: the one below is of an older major.
    NextAboveOtherMajor,
    /// The lowest available version: the database's is below every one.
    Lowest,
}

impl std::fmt::Display for DbVersionChoice {
    /// Why `${DB_VERSION}` is this tag, in one sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (version, db) = (&self.version, &self.db_version);
        match self.rule {
            DbVersionRule::Fixed { entry, extracted } => write!(
                f,
                "${{DB_VERSION}} = {version}: the operator's fixed table maps database versions \
                 matching `{}` for Functions named `{}` to {version}, whatever availableVersions \
                 says{}",
                entry.db_version,
                entry.function,
                if extracted {
                    " (matched by the version number read from the one given)"
                } else {
                    ""
                }
            ),
            DbVersionRule::Equal => write!(
                f,
                "${{DB_VERSION}} = {version}: the available version of the same number as {db}"
            ),
            DbVersionRule::Below => write!(
                f,
                "${{DB_VERSION}} = {version}: the highest available version below {db}"
            ),
            DbVersionRule::NextAboveOtherMajor => write!(
                f,
                "${{DB_VERSION}} = {version}: the next available version above {db} (the one \
                 below is of another major)"
            ),
            DbVersionRule::Lowest => write!(
                f,
                "${{DB_VERSION}} = {version}: {db} is below every available version, so the \
                 lowest is taken"
            ),
        }
    }
}

fn fixed_entry(db_version: &str, function: &str) -> Option<&'static FixedEntry> {
    COMPILED_TABLE
        .iter()
        .position(|(db, func, _)| db.is_match(db_version) && func.is_match(function))
        .map(|i| &FIXED_TABLE[i])
}

/// [`select_db_version`], with the rule that chose the tag (for a message such as
/// `resolve`'s note).
///
/// ```
/// use function_core::resolve::{choose_db_version, DbVersionRule};
///
/// let available = ["4.4.26", "5.0.23", "6.0.12", "7.0.5"].map(String::from);
/// let choice = choose_db_version(&available, "3.6", "demo-backup")?;
/// assert_eq!((choice.version.as_str(), choice.rule), ("4.4.26", DbVersionRule::Lowest));
/// assert_eq!(
///     choice.to_string(),
///     "${DB_VERSION} = 4.4.26: 3.6 is below every available version, so the lowest is taken"
/// );
/// let choice = choose_db_version(&available, "7.0.5", "mongodb-backup")?;
/// assert_eq!(choice.version, "6.0.5"); // the fixed table, although 7.0.5 is available
/// assert!(matches!(choice.rule, DbVersionRule::Fixed { .. }));
/// # Ok::<(), function_core::resolve::DbVersionError>(())
/// ```
pub fn choose_db_version(
    available: &[String],
    db_version: &str,
    function: &str,
) -> Result<DbVersionChoice, DbVersionError> {
    let choice = |version: &str, rule| DbVersionChoice {
        version: version.to_owned(),
        db_version: db_version.to_owned(),
        rule,
    };
    if available.is_empty() {
        return Err(DbVersionError::EmptyList);
    }
    if let Some(entry) = fixed_entry(db_version, function) {
        let rule = DbVersionRule::Fixed {
            entry,
            extracted: false,
        };
        return Ok(choice(entry.version, rule));
    }
    let (db_text, db) = extract(db_version)?;
    if let Some(entry) = fixed_entry(db_text, function) {
        let rule = DbVersionRule::Fixed {
            entry,
            extracted: true,
        };
        return Ok(choice(entry.version, rule));
    }
    let mut versions = available
        .iter()
        .map(|a| extract(a).map(|(_, key)| (key, a.as_str())))
        .collect::<Result<Vec<_>, _>>()?;
    versions.sort_by_key(|(key, _)| *key);
    // The database version goes after every available version lower than or equal to it.
    // The list is not empty, so there is a version before the database's, or after it.
    let i = versions.partition_point(|(key, _)| *key <= db);
    Ok(
        match (i.checked_sub(1).map(|j| versions[j]), versions.get(i)) {
            (Some((before, _)), Some((_, next))) if before.0 != db.0 => {
                choice(next, DbVersionRule::NextAboveOtherMajor)
            }
            (Some((key, before)), _) if key == db => choice(before, DbVersionRule::Equal),
            (Some((_, before)), _) => choice(before, DbVersionRule::Below),
            (None, _) => choice(versions[0].1, DbVersionRule::Lowest),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reference_examples() {
        let available = list(&["12.17", "14.10", "16.4", "17.2", "18.2"]);
        for (db, want) in [
            ("13.13", "14.10"),
            ("15.5", "16.4"),
            ("11.22", "12.17"),
            ("19.0", "18.2"),
            ("16.4", "16.4"),
        ] {
            assert_eq!(
                select_db_version(&available, db, "postgres-backup").unwrap(),
                want,
                "db version {db}"
            );
        }
    }

    #[test]
    fn unsorted_list_and_suffixes_return_the_original_text() {
        let available = list(&["16.4-bookworm", "12.17-alpine", "14.10"]);
        assert_eq!(
            select_db_version(&available, "15.1", "postgres-backup").unwrap(),
            "16.4-bookworm"
        );
        assert_eq!(
            select_db_version(&available, "12.3-debian", "postgres-backup").unwrap(),
            "12.17-alpine"
        );
    }

    #[test]
    fn same_major_takes_the_one_before() {
        let available = list(&["16.4", "17.2"]);
        assert_eq!(
            select_db_version(&available, "16.9", "postgres-backup").unwrap(),
            "16.4"
        );
        // Same major and no next: still the one before.
        assert_eq!(
            select_db_version(&available, "17.5", "postgres-backup").unwrap(),
            "17.2"
        );
    }

    #[test]
    fn single_element_lists() {
        let available = list(&["16.4"]);
        assert_eq!(
            select_db_version(&available, "12.0", "postgres-backup").unwrap(),
            "16.4"
        );
        assert_eq!(
            select_db_version(&available, "18.0", "postgres-backup").unwrap(),
            "16.4"
        );
    }

    #[test]
    fn fixed_table_entries() {
        let available = list(&["4.4.26", "5.0.23", "6.0.12"]);
        let cases = [
            ("7.0.5", "mongodb-backup", "6.0.5"),
            ("7.0.5", "mongodb-restore", "6.0.5"),
            ("5.7.44", "mysql-physical-backup", "2.4.29"),
            ("10.4.31", "mariadb-physical-restore", "10.4.32-focal"),
            ("10.5.23", "mariadb-physical-backup", "10.6.16-focal"),
            ("10.6.16", "mariadb-physical-backup", "10.6.16-focal"),
            ("10.10.7", "mariadb-physical-backup", "10.11.6-jammy"),
            ("10.11.6", "mariadb-physical-backup", "10.11.6-jammy"),
            ("11.2.2", "mariadb-physical-backup", "11.1.3-jammy"),
            ("17.9-percona", "postgres-physical-backup", "17.9-percona"),
        ];
        for (db, func, want) in cases {
            assert_eq!(
                select_db_version(&available, db, func).unwrap(),
                want,
                "{db} {func}"
            );
        }
    }

    #[test]
    fn fixed_table_is_consulted_with_the_extracted_version_too() {
        let available = list(&["4.4.26"]);
        assert_eq!(
            select_db_version(&available, "percona-7.0.4-debian", "mongodb-backup").unwrap(),
            "6.0.5"
        );
        // The anchored Percona entry only matches the raw text exactly.
        assert_eq!(
            select_db_version(&list(&["16.4", "17.2"]), "17.9", "postgres-backup").unwrap(),
            "17.2"
        );
    }

    #[test]
    fn table_patterns_are_unanchored_like_upstream() {
        assert_eq!(
            fixed_table_lookup("17.0.3", "mongodb-backup"),
            Some("6.0.5")
        );
        assert_eq!(
            fixed_table_lookup("7.0.3", "my-mongodb-backup-x"),
            Some("6.0.5")
        );
    }

    #[test]
    fn overlapping_entries_resolve_to_the_most_specific() {
        // 10.11.6 matches both 10.11.* and 11.*.*; upstream's answer is random.
        for _ in 0..10 {
            assert_eq!(
                fixed_table_lookup("10.11.6", "mariadb-physical-backup"),
                Some("10.11.6-jammy")
            );
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            select_db_version(&[], "16.4", "x").unwrap_err().to_string(),
            "available list of addon-versions can't be empty"
        );
        assert_eq!(
            select_db_version(&list(&["16.4"]), "latest", "x"),
            Err(DbVersionError::Unparsable {
                version: "latest".into()
            })
        );
        // `\b` needs a non-word character before the number, as in Go's RE2.
        assert_eq!(
            select_db_version(&list(&["16.4"]), "v16.4", "x"),
            Err(DbVersionError::Unparsable {
                version: "v16.4".into()
            })
        );
        assert_eq!(
            select_db_version(&list(&["16.4", "edge"]), "16.4", "x"),
            Err(DbVersionError::Unparsable {
                version: "edge".into()
            })
        );
    }

    #[test]
    fn the_fixed_table_compiles() {
        assert_eq!(COMPILED_TABLE.len(), FIXED_TABLE.len());
    }
}
