//! The renderings of a [`Report`]: rustc-style text (annotate-snippets), a JSON array, and SARIF
//! 2.1.0 for code scanning.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

use super::{Code, Diagnostic, Report, Severity};

/// Where the documentation of the codes is, for SARIF's `helpUri`.
pub const DOCS_URL: &str = "https://github.com/kubestash-fn/kubestash-fn/blob/main/docs/lints.md";

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

impl Report {
    /// The diagnostics rendered as rustc renders its own: the message with its code, the file,
    /// line and column, the source line with the offending text underlined and labelled with
    /// the object and field, then the help; one blank line between diagnostics. Plain text (no
    /// colour).
    ///
    /// ```
    /// use function_core::lint::{Files, Options};
    ///
    /// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: Demo\nspec: {}\n";
    /// let mut files = Files::new();
    /// files.add_str("demo.yaml", text, &Default::default()).unwrap();
    /// let human = files.lint(&Options::default()).human();
    /// assert!(human.starts_with("error[KSF0002]: `Demo` is not a valid Addon name"));
    /// assert!(human.contains(" --> demo.yaml:4:9\n"));
    /// assert!(human.contains("4 |   name: Demo\n  |         ^^^^ Addon/Demo: metadata.name\n"));
    /// ```
    pub fn human(&self) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        for d in &self.diagnostics {
            let groups = self.groups(d);
            out.push_str(&renderer.render(&groups));
            out.push_str("\n\n");
        }
        out
    }

    fn groups<'a>(&'a self, d: &'a Diagnostic) -> Vec<Group<'a>> {
        let title = level(d.severity).primary_title(d.message.as_str());
        let title = match d.code {
            Some(code) => title.id(code.id()),
            None => title,
        };
        let label = match (&d.object, d.path.is_empty()) {
            (Some(object), false) => format!("{object}: {}", d.path),
            (Some(object), true) => object.to_string(),
            (None, _) => d.path.clone(),
        };
        let snippet = match (&d.file, d.span.clone(), d.position) {
            (Some(file), Some(span), Some(position)) => self.text(file).map(|text| {
                // Only the lines the span covers, so that long files render fast.
                let start = text[..span.start.min(text.len())]
                    .rfind(['\n', '\r'])
                    .map_or(0, |i| i + 1);
                let end = text[span.end.min(text.len())..]
                    .find(['\n', '\r'])
                    .map_or(text.len(), |i| span.end + i);
                Snippet::source(&text[start..end])
                    .line_start(position.line as usize)
                    .path(file.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(span.start - start..span.end - start)
                            .label(label.clone()),
                    )
            }),
            _ => None,
        };
        let mut group = match snippet {
            Some(snippet) => title.element(snippet),
            None => {
                let place = match (&d.file, d.position) {
                    (Some(file), Some(p)) => format!("{file}:{p}: {label}"),
                    (Some(file), None) => format!("{file}: {label}"),
                    _ => label,
                };
                title.element(Level::NOTE.no_name().message(format!("in {place}")))
            }
        };
        if d.position.is_some() && !d.exact {
            group = group.element(Level::NOTE.message(
                "the exact place inside the string could not be mapped to its source: this is \
                 the string's start (or, for a field that is absent, its parent)",
            ));
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        vec![group]
    }

    /// The diagnostics as one JSON array: per diagnostic an object with `code`, `name`,
    /// `severity`, `message`, `file`, `line`, `column`, `object` (`Kind/name`), `path` (`null`
    /// where unknown), and `help` when there is one.
    ///
    /// ```
    /// use function_core::lint::{Files, Options};
    ///
    /// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: Demo\nspec: {}\n";
    /// let mut files = Files::new();
    /// files.add_str("demo.yaml", text, &Default::default()).unwrap();
    /// let json = files.lint(&Options::default()).json();
    /// assert_eq!(json[0]["code"], "KSF0002");
    /// assert_eq!((json[0]["line"].as_u64(), json[0]["column"].as_u64()), (Some(4), Some(9)));
    /// assert_eq!(json[0]["path"], "metadata.name");
    /// ```
    pub fn json(&self) -> Value {
        Value::Array(
            self.diagnostics
                .iter()
                .map(|d| {
                    let mut v = json!({
                        "code": d.code.map(Code::id),
                        "name": d.code.map(Code::name),
                        "severity": d.severity.as_str(),
                        "message": d.message,
                        "file": d.file,
                        "line": d.line(),
                        "column": d.column(),
                        "object": d.object.as_ref().map(ToString::to_string),
                        "path": d.path,
                    });
                    if let (Some(help), Value::Object(map)) = (&d.help, &mut v) {
                        map.insert("help".into(), Value::String(help.clone()));
                    }
                    v
                })
                .collect(),
        )
    }

    /// The diagnostics as a SARIF 2.1.0 log: one run whose tool (`kubestash-fn`, version
    /// `version`) lists every [`Code`] as a rule, with one result per diagnostic (its rule, level,
    /// message with the help, the file as a relative URI, the line and column in Unicode code
    /// points, and the object and field as a logical location).
    ///
    /// ```
    /// let sarif = function_core::lint::Report::default().sarif("0.1.0");
    /// assert_eq!(sarif["version"], "2.1.0");
    /// let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    /// assert_eq!(rules.len(), function_core::lint::Code::ALL.len());
    /// ```
    pub fn sarif(&self, version: &str) -> Value {
        let rules: Vec<Value> = Code::ALL
            .iter()
            .map(|c| {
                json!({
                    "id": c.id(),
                    "name": c.name(),
                    "shortDescription": { "text": c.summary() },
                    "helpUri": format!("{DOCS_URL}#{}", c.id().to_ascii_lowercase()),
                    "defaultConfiguration": { "level": c.severity().as_str() },
                })
            })
            .collect();
        let results: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text.push_str("\nhelp: ");
                    text.push_str(help);
                }
                let mut location = serde_json::Map::new();
                if let Some(file) = &d.file {
                    let mut physical = json!({ "artifactLocation": { "uri": file_uri(file) } });
                    if let (Some(p), Value::Object(map)) = (d.position, &mut physical) {
                        map.insert(
                            "region".into(),
                            json!({ "startLine": p.line, "startColumn": p.column }),
                        );
                    }
                    location.insert("physicalLocation".into(), physical);
                }
                if let Some(object) = &d.object {
                    let name = if d.path.is_empty() {
                        object.to_string()
                    } else {
                        format!("{object}/{}", d.path)
                    };
                    location.insert(
                        "logicalLocations".into(),
                        json!([{ "fullyQualifiedName": name, "kind": "object" }]),
                    );
                }
                let mut result = serde_json::Map::new();
                if let Some(code) = d.code {
                    let index = Code::ALL.iter().position(|c| *c == code).unwrap_or(0);
                    result.insert("ruleId".into(), json!(code.id()));
                    result.insert("ruleIndex".into(), json!(index));
                }
                result.insert("level".into(), json!(d.severity.as_str()));
                result.insert("message".into(), json!({ "text": text }));
                result.insert("locations".into(), json!([Value::Object(location)]));
                Value::Object(result)
            })
            .collect();
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "kubestash-fn",
                    "version": version,
                    "informationUri": DOCS_URL,
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        })
    }
}

/// A file name as a relative URI reference: `/` separators, and the characters a URI cannot
/// hold percent-encoded.
fn file_uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(
            file_uri("catalog/pvc addon.yaml"),
            "catalog/pvc%20addon.yaml"
        );
        assert_eq!(file_uri("a\\b.yaml"), "a/b.yaml");
        assert_eq!(file_uri("é.yaml"), "%C3%A9.yaml");
    }
}
