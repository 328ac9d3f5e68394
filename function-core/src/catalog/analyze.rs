//! The whole-catalog check: every problem at once, and what the chart needs.

use std::collections::{BTreeMap, BTreeSet};

use super::values::BoundValue;
use super::{Catalog, CheckErrors, RESERVED_KEYS, STANDARD_LABELS, image, semver};
use crate::lint::{self, Diagnostic, ObjectRef};
use crate::yaml::{Object, Position};

impl Catalog {
    /// Checks everything and computes what the chart needs.
    pub(super) fn analyze(&self) -> Result<Analysis, CheckErrors> {
        let mut problems = Problems::new(self);
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

        if problems.found.is_empty() {
            Ok(analysis)
        } else {
            Err(CheckErrors::from(problems.found))
        }
    }

    /// Runs the lint over the catalog as a whole (every Function its Addons run must be in it)
    /// and adds its errors as they are: with their files and positions when the objects were
    /// read from YAML ([`Catalog::add_files`]).
    fn lint_errors(&self, problems: &mut Problems<'_>) {
        let objects: Vec<(Object, Option<&super::Source>)> = self
            .functions
            .iter()
            .cloned()
            .map(Object::Function)
            .zip(self.sources.of_functions(self.functions.len()))
            .chain(
                self.addons
                    .iter()
                    .cloned()
                    .map(Object::Addon)
                    .zip(self.sources.of_addons(self.addons.len())),
            )
            .collect();
        let inputs: Vec<lint::Input<'_>> = objects
            .iter()
            .map(|(object, source)| lint::Input {
                object,
                file: source.map(|s| s.file.as_str()),
                map: source.map(|s| &s.map),
            })
            .collect();
        let options = lint::Options {
            complete: true,
            ..lint::Options::default()
        };
        problems.found.extend(
            lint::lint(&inputs, &options)
                .into_iter()
                .filter(|d| d.severity == lint::Severity::Error),
        );
    }
}

/// The problems found so far, and where each object was read (for those about an object).
pub(super) struct Problems<'a> {
    found: Vec<Diagnostic>,
    places: BTreeMap<(&'static str, &'a str), (&'a str, Position)>,
}

impl<'a> Problems<'a> {
    /// The problems of `catalog`'s `addon!` Addons, to begin with.
    fn new(catalog: &'a Catalog) -> Self {
        let mut places = BTreeMap::new();
        let functions = catalog
            .functions
            .iter()
            .map(|f| ("Function", f.metadata.name.as_deref()));
        let addons = catalog
            .addons
            .iter()
            .map(|a| ("Addon", a.metadata.name.as_deref()));
        let sources = catalog
            .sources
            .of_functions(catalog.functions.len())
            .chain(catalog.sources.of_addons(catalog.addons.len()));
        for ((kind, name), source) in functions.chain(addons).zip(sources) {
            if let Some(source) = source {
                places
                    .entry((kind, name.unwrap_or_default()))
                    .or_insert((source.file.as_str(), source.map.document_position()));
            }
        }
        Problems {
            found: catalog.plugin_problems.clone(),
            places,
        }
    }

    pub(super) fn global(&mut self, message: String) {
        self.found.push(Diagnostic::error(message));
    }

    /// A problem with the object `kind`/`name`, at its start when it was read from a file.
    pub(super) fn object(&mut self, kind: &'static str, name: &str, message: String) {
        let mut d = Diagnostic::error(message).with_object(ObjectRef::new(kind, name));
        if let Some(&(file, position)) = self.places.get(&(kind, name)) {
            d = d.at(file, position);
        }
        self.found.push(d);
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
