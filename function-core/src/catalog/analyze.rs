//! The whole-catalog check: every problem at once, and what the chart needs.

use std::collections::{BTreeMap, BTreeSet};

use super::values::BoundValue;
use super::{
    Catalog, CheckErrors, ObjectRef, Problem, RESERVED_KEYS, STANDARD_LABELS, image, semver,
};
use crate::lint;
use crate::yaml::Object;

impl Catalog {
    /// Checks everything and computes what the chart needs.
    pub(super) fn analyze(&self) -> Result<Analysis, CheckErrors> {
        let mut problems = Problems(self.plugin_problems.clone());
        if let Err(e) = function_rules::check_dns_label(&self.name) {
            problems.global(format!("chart name {}", e.message()));
        }
        if let Some(why) = semver::semver_problem(&self.version) {
            problems.global(format!(
                "chart version `{}` is not SemVer 2 ({why}); Helm v4 rejects it",
                self.version
            ));
        }
        for (what, text) in [
            ("appVersion", &self.app_version),
            ("kubeVersion", &self.kube_version),
            ("description", &self.description),
        ] {
            if let Some(text) = text
                && (text.trim().is_empty() || text.chars().any(char::is_control))
            {
                problems.global(format!(
                    "chart {what} `{}` must be non-empty text on one line",
                    text.escape_debug()
                ));
            }
        }

        let mut analysis = Analysis::default();

        // Names, apps, labels.
        let mut seen: BTreeMap<&str, &'static str> = BTreeMap::new();
        let objects = self
            .functions
            .iter()
            .map(|f| ("Function", &f.metadata))
            .chain(self.addons.iter().map(|a| ("Addon", &a.metadata)));
        for (kind, meta) in objects {
            let name = meta.name.as_deref().unwrap_or_default();
            // Invalid names and two objects of a kind with one name are the lint's errors.
            match seen.get(name) {
                Some(&other) if other != kind => problems.object(
                    kind,
                    name,
                    format!("a {other} has the same name: their chart templates would collide"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(name, kind);
                }
            }
            let app = app_of(name);
            if RESERVED_KEYS.contains(&app) {
                problems.object(
                    kind,
                    name,
                    format!(
                        "its app `{app}` (the name up to the first `-`) is a reserved values key"
                    ),
                );
            }
            analysis
                .apps
                .entry(app.to_owned())
                .or_default()
                .push((kind, name.to_owned()));
            for key in meta.labels.iter().flatten().map(|(k, _)| k) {
                if STANDARD_LABELS.contains(&key.as_str()) {
                    problems.object(
                        kind,
                        name,
                        format!("label `{key}` is set by the chart; remove it from the object"),
                    );
                }
            }
        }

        // The lint's errors: names, tasks and their Functions, images, versions, templates.
        self.lint_errors(&mut problems);

        // Images and proxies.
        let mut registries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &self.functions {
            // A malformed reference is not rewritten (the chart writes it as is).
            if let Ok(reference) = function_rules::check_image(&f.spec.image) {
                registries
                    .entry(image::proxy_key(&reference))
                    .or_default()
                    .insert(reference.domain().unwrap_or_default().to_owned());
            }
        }
        for (key, hosts) in &registries {
            if hosts.len() > 1 {
                let shown: Vec<String> = hosts
                    .iter()
                    .map(|h| {
                        if h.is_empty() {
                            "(none)".to_owned()
                        } else {
                            format!("`{h}`")
                        }
                    })
                    .collect();
                problems.global(format!(
                    "images use the registries {} which share the values key proxies.{key}; \
                     write their registries the same way",
                    shown.join(", ")
                ));
            } else if let Some(host) = hosts.first() {
                analysis.proxies.insert(key.clone(), host.clone());
            }
        }

        // Helm values.
        self.analyze_values(&mut analysis, &mut problems);

        if problems.0.is_empty() {
            Ok(analysis)
        } else {
            Err(CheckErrors(problems.0))
        }
    }

    /// Runs the lint over the catalog as a whole (every Function its Addons run must be in it)
    /// and adds its errors, each as `PATH: message [CODE name]`.
    fn lint_errors(&self, problems: &mut Problems) {
        let objects: Vec<Object> = self
            .functions
            .iter()
            .cloned()
            .map(Object::Function)
            .chain(self.addons.iter().cloned().map(Object::Addon))
            .collect();
        let inputs: Vec<lint::Input<'_>> = objects.iter().map(lint::Input::object).collect();
        let options = lint::Options {
            complete: true,
            ..lint::Options::default()
        };
        for d in lint::lint(&inputs, &options) {
            if d.severity != lint::Severity::Error {
                continue;
            }
            let (kind, name) = match d.object.as_deref().and_then(|o| o.split_once('/')) {
                Some(("Function", name)) => ("Function", name.to_owned()),
                Some((_, name)) => ("Addon", name.to_owned()),
                None => (
                    if d.object.as_deref() == Some("Function") {
                        "Function"
                    } else {
                        "Addon"
                    },
                    String::new(),
                ),
            };
            let path = if d.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", d.path)
            };
            problems.object(
                kind,
                &name,
                format!("{path}{} [{} {}]", d.message, d.code.id(), d.code.name()),
            );
        }
    }
}

/// The problems found so far.
#[derive(Default)]
pub(super) struct Problems(Vec<Problem>);

impl Problems {
    pub(super) fn global(&mut self, message: String) {
        self.0.push(Problem {
            object: None,
            message,
        });
    }

    pub(super) fn object(&mut self, kind: &'static str, name: &str, message: String) {
        self.0.push(Problem {
            object: Some(ObjectRef {
                kind,
                name: name.to_owned(),
            }),
            message,
        });
    }
}

/// What [`Catalog::check`] computes for the chart.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// App → its objects (kind, name), in the order added.
    pub(super) apps: BTreeMap<String, Vec<(&'static str, String)>>,
    /// `proxies` key → the registry as written.
    pub(super) proxies: BTreeMap<String, String>,
    /// Values key → its default and description.
    pub(super) values: BTreeMap<String, BoundValue>,
}

/// The app of an object: its name up to the first `-`.
pub(super) fn app_of(name: &str) -> &str {
    name.split('-').next().unwrap_or(name)
}
