//! The lint's documentation agrees with its one declaration (the `codes!` table): every code has
//! a section in `docs/lints.md` (`## KSF0001`) that names it and its severity, the page's table
//! lists every code once with its name and severity, and every anchor a SARIF `helpUri` or a
//! help message points at exists. A new code fails here until its section is written.

use std::collections::BTreeSet;
use std::path::Path;

use function_core::lint::{Code, Report};

fn page() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/lints.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The anchor GitHub gives a heading: lowercase, punctuation other than `-` and `_` dropped,
/// spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of the page's headings.
fn anchors(page: &str) -> BTreeSet<String> {
    page.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

/// The text of the section `## heading`, up to the next heading of that level.
fn section<'a>(page: &'a str, heading: &str) -> Option<&'a str> {
    let start = page.find(&format!("\n## {heading}\n"))? + 1;
    let body = &page[start..];
    let end = body[3..].find("\n## ").map_or(body.len(), |i| i + 3);
    Some(&body[..end])
}

#[test]
fn every_code_has_a_section_naming_it_and_its_severity() {
    let page = page();
    let mut missing = Vec::new();
    for code in Code::ALL {
        let Some(text) = section(&page, code.id()) else {
            missing.push(format!(
                "{} ({}): no `## {}` section in docs/lints.md",
                code.id(),
                code.name(),
                code.id()
            ));
            continue;
        };
        let intro = format!("**`{}`** ({})", code.name(), code.severity());
        assert!(
            text.contains(&intro),
            "the section of {} should say {intro}:\n{text}",
            code.id()
        );
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // And no section for a code that does not exist.
    for line in page.lines() {
        if let Some(id) = line.strip_prefix("## KSF") {
            let id = format!("KSF{id}");
            assert!(
                Code::ALL.iter().any(|c| c.id() == id),
                "docs/lints.md has a section for {id}, which is no code"
            );
        }
    }
}

#[test]
fn the_page_table_lists_every_code_with_its_name_and_severity() {
    let page = page();
    let rows: Vec<String> = page
        .lines()
        .filter(|l| l.starts_with("| [KSF"))
        .map(str::to_owned)
        .collect();
    let expected: Vec<String> = Code::ALL
        .iter()
        .map(|c| {
            format!(
                "| [{}](#{}) | `{}` | {} |",
                c.id(),
                c.id().to_ascii_lowercase(),
                c.name(),
                c.severity()
            )
        })
        .collect();
    assert_eq!(
        rows,
        expected,
        "the table of docs/lints.md should be, in code order:\n{}",
        expected.join("\n")
    );
}

#[test]
fn every_sarif_help_uri_points_at_an_anchor_of_the_page() {
    let anchors = anchors(&page());
    let sarif = Report::default().sarif("0.0.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), Code::ALL.len());
    for rule in rules {
        let uri = rule["helpUri"].as_str().expect("helpUri");
        let (page, fragment) = uri.split_once('#').expect("an anchor");
        assert!(page.ends_with("/docs/lints.md"), "{uri}");
        assert!(
            anchors.contains(fragment),
            "{uri}: docs/lints.md has no heading with the anchor #{fragment}"
        );
    }
    let information = sarif["runs"][0]["tool"]["driver"]["informationUri"]
        .as_str()
        .expect("informationUri");
    assert!(information.ends_with("/docs/lints.md"), "{information}");
}

#[test]
fn every_anchor_the_sources_point_at_exists() {
    // Help messages say `docs/lints.md#ksf0007`: each such anchor must exist.
    let anchors = anchors(&page());
    let mut checked = 0;
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("reads a source");
            for (i, _) in text.match_indices("lints.md#") {
                let fragment: String = text[i + "lints.md#".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                assert!(
                    anchors.contains(&fragment),
                    "{}: docs/lints.md has no anchor #{fragment}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "no `lints.md#` reference found: is the walk looking in src?"
    );
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    assert_eq!(anchor("KSF0001"), "ksf0001");
    assert_eq!(
        anchor("Worked example: the reference catalog"),
        "worked-example-the-reference-catalog"
    );
}
