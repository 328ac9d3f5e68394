//! Function and Addon YAML objects to Rust: the `#[derive(Function)]` structs and `addon!`
//! Addons that give them back, and a `catalog()` listing everything (the importer behind
//! `kubestash-fn import`).
//!
//! ```
//! use function_codegen::{Options, generate};
//!
//! let docs = function_core::yaml::from_str(
//!     "apiVersion: addons.kubestash.com/v1alpha1
//! kind: Function
//! metadata:
//!   name: vault-backup
//! spec:
//!   image: ghcr.io/kubestash/vault:v0.3.0
//!   args:
//!   - backup
//!   - --namespace=${namespace:=default}
//!   - --wait-timeout=${waitTimeout:=300}
//!   - --vault-args=${vaultArgs:=}
//! ",
//!     "vault.yaml",
//! )?;
//! let generated = generate(&docs, &Options::default()).unwrap();
//! assert!(generated.source.contains("
//! /// The Function `vault-backup`.
//! #[derive(Function, Clone, Debug, PartialEq, Eq)]
//! #[function(
//!     name = \"vault-backup\",
//!     image = \"ghcr.io/kubestash/vault:v0.3.0\",
//!     subcommand = \"backup\"
//! )]
//! pub struct VaultBackup {
//! "));
//! assert!(generated.source.contains("    #[arg(default = 300)]\n    pub wait_timeout: u32,\n"));
//! assert!(generated.source.contains("    pub vault_args: Option<String>,\n"));
//! assert_eq!(generated.functions[0].type_name, "VaultBackup");
//! # Ok::<(), function_core::yaml::Error>(())
//! ```
//!
//! # What the code says
//!
//! **A Function** becomes a struct named after it (`pvc-backup` → `PvcBackup`), one field per
//! argument of the form `--flag=${var:=default}`:
//!
//! - the field's name is the flag's or the variable's in snake_case, whichever needs fewer
//!   attributes (`#[arg(flag = "...", var = "...")]`);
//! - its type comes from the default and from the defaults the Addons' parameters give the
//!   variable: `bool`, `u32`/`u64`/`i64`, `PathBuf` (absolute paths), else `String`; an empty
//!   default (`${var:=}`) makes it an `Option`. A default is kept only if the type writes it back
//!   unchanged (`0300` stays a `String`);
//! - a variable the operator provides (`namespace`, `backupSession`, ...) is `#[arg(builtin)]`,
//!   unless an Addon declares it as a parameter;
//! - its doc comment is the usage the Addons give the parameter (else a sentence naming the
//!   flag), which is also the usage of the parameter the derive gives it;
//! - `${var=default}`, `${var:-default}` and `${var}` keep their operator
//!   (`#[arg(op = ":-")]`).
//!
//! The first argument is the subcommand when it is a plain word. Every other argument (literal
//! words, positional values, several variables, other expansions, a flag or variable used
//! twice) is kept verbatim, in its place: `#[function(args = [field, "--verbatim", ...])]`.
//! `command`, `workingDir` and `availableVersions` are attributes; `ports`, `volumeMounts`,
//! `volumeDevices` and `runtimeSettings` are typed values written as Rust
//! (`#[function(runtime_settings = pvc_backup_runtime_settings())]`) in functions inside
//! `function_core::with_api! { ... }`, so that a plugin binary's lean build (no Kubernetes
//! types) leaves them out.
//!
//! **An Addon** becomes an `addon!` whose tasks name the Function types. A task's parameters are
//! left out when they are the Function's derived ones, written as `overrides` when only some
//! fields differ, and as a `parameters` list otherwise (each entry the derived parameter,
//! changed or not, or written out in full). Volume sources use `addon!`'s helpers
//! (`empty_dir()`, `persistent_volume_claim("${PVC_NAME}")`, ...) when one builds the source
//! exactly, else a function inside `with_api!`.
//!
//! Names are made valid and clashes resolved as [`ident`](crate#names) says.
//!
//! # Names
//!
//! Types are UpperCamelCase (`7z-backup` → `Function7zBackup`: a leading digit gets the kind in
//! front), fields and functions snake_case with ASCII letters, digits and `_` only (a leading
//! digit gets `arg_` in front; keywords are raw, `r#type`; `self`, `super`, `crate` get a `_`
//! suffix). The first of two equal names (in input order) keeps it, the next ones get `2`, `3`,
//! … (`_2`, … for snake_case). Type names also avoid what the file uses unqualified
//! (`Function`, `PathBuf`, `Option`, …); an imported Kubernetes type whose name is taken is
//! written with its full path.
//!
//! # What cannot be expressed
//!
//! Is a [`Diagnostic`] naming the object, its file and the
//! field: metadata other than the
//! name (labels, annotations), a name, image or available version the rules refuse, a Function
//! without an image, a second object of one kind with the same name, an Addon task whose
//! Function is not among the objects imported, a value the writer cannot give back. Every
//! problem of one import is reported ([`ImportErrors`]).

mod addon;
mod emit;
mod error;
mod function;
mod ident;
mod layout;
mod metadata;
pub mod scaffold;
mod value;

use std::collections::BTreeMap;

use function_core::lint::{Diagnostic, ObjectRef};
use function_core::yaml::{Document, Object};

pub use error::ImportErrors;
use error::Origin;

/// How to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The catalog's name (`CHART_NAME`, the Helm chart's name). Default: `catalog`.
    pub catalog_name: String,
    /// The catalog's version (`CHART_VERSION`). Default: `0.1.0`.
    pub catalog_version: String,
    /// The generated crate's feature that `catalog()` needs (`#[cfg(feature = "...")]`): the
    /// `-api` crate's `manifest` feature in the layout `kubestash-fn new` writes. `None`: no
    /// `cfg`.
    pub manifest_feature: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            catalog_name: "catalog".into(),
            catalog_version: "0.1.0".into(),
            manifest_feature: Some("manifest".into()),
        }
    }
}

impl Options {
    /// Sets the catalog's name.
    ///
    /// ```
    /// let o = function_codegen::Options::default().catalog_name("kubestash-catalog");
    /// assert_eq!(o.catalog_name, "kubestash-catalog");
    /// ```
    pub fn catalog_name(mut self, name: impl Into<String>) -> Self {
        self.catalog_name = name.into();
        self
    }

    /// Sets the catalog's version.
    ///
    /// ```
    /// let o = function_codegen::Options::default().catalog_version("2026.7.10");
    /// assert_eq!(o.catalog_version, "2026.7.10");
    /// ```
    pub fn catalog_version(mut self, version: impl Into<String>) -> Self {
        self.catalog_version = version.into();
        self
    }

    /// Sets (or, with `None`, removes) the feature `catalog()` is gated on.
    ///
    /// ```
    /// let o = function_codegen::Options::default().manifest_feature(None::<String>);
    /// assert_eq!(o.manifest_feature, None);
    /// ```
    pub fn manifest_feature(mut self, feature: Option<impl Into<String>>) -> Self {
        self.manifest_feature = feature.map(Into::into);
        self
    }
}

/// What was generated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Generated {
    /// The Rust source: items only (no inner attributes), formatted, stable under `cargo fmt`.
    pub source: String,
    /// Each Function and the struct generated for it, in input order.
    pub functions: Vec<GeneratedType>,
    /// Each Addon and the type `addon!` declares for it, in input order.
    pub addons: Vec<GeneratedType>,
}

/// An object and its Rust type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedType {
    /// The object.
    pub object: ObjectRef,
    /// The type's name.
    pub type_name: String,
}

/// Generates the Rust for `documents` (as [`function_core::yaml`] reads them).
///
/// # Errors
/// Everything that cannot be expressed, each naming the object and the field (see
/// [What cannot be expressed](crate#what-cannot-be-expressed)); nothing is generated then.
pub fn generate(documents: &[Document], options: &Options) -> Result<Generated, ImportErrors> {
    let mut errors = Vec::new();
    let mut type_names = ident::Names::types();
    let mut functions: Vec<(&function_core::api::Function, ObjectRef, Origin, String)> = Vec::new();
    let mut addons: Vec<(&function_core::api::Addon, ObjectRef, Origin, String)> = Vec::new();
    let mut seen: BTreeMap<ObjectRef, Origin> = BTreeMap::new();
    for doc in documents {
        let object = ObjectRef::of(&doc.object);
        let origin = Origin {
            file: doc.source_name.clone(),
            position: doc.position,
        };
        if let Some(first) = seen.get(&object) {
            errors.push(
                Diagnostic::error(format!(
                    "a second {} named `{}` (the first is at {}:{})",
                    object.kind, object.name, first.file, first.position
                ))
                .with_object(object.clone())
                .with_path("metadata.name")
                .at(&origin.file, origin.position),
            );
            continue;
        }
        seen.insert(object.clone(), origin.clone());
        let type_name = type_names.claim(&ident::type_name(&object.name, object.kind));
        match &doc.object {
            Object::Function(f) => functions.push((f, object, origin, type_name)),
            Object::Addon(a) => addons.push((a, object, origin, type_name)),
        }
    }

    // What the Addons say about each Function's variables.
    let mut uses: BTreeMap<&str, function::ParameterUse<'_>> = BTreeMap::new();
    for (addon, _, _, _) in &addons {
        for task in addon
            .spec
            .backup_tasks
            .iter()
            .chain(&addon.spec.restore_tasks)
        {
            let entry = uses.entry(task.function.as_str()).or_default();
            for p in &task.parameters {
                entry.by_var.entry(p.name.clone()).or_default().push(p);
            }
        }
    }
    let none = function::ParameterUse::default();
    let function_models: Vec<function::FunctionModel> = functions
        .iter()
        .map(|(f, object, origin, type_name)| {
            let uses = uses.get(object.name.as_str()).unwrap_or(&none);
            let (object, origin, type_name) = (object.clone(), origin.clone(), type_name.clone());
            function::analyze(f, object, origin, type_name, uses, &mut errors)
        })
        .collect();
    let by_name: BTreeMap<String, function::FunctionModel> = function_models
        .iter()
        .map(|f| (f.object.name.clone(), f.clone()))
        .collect();
    let addon_models: Vec<addon::AddonModel> = addons
        .iter()
        .map(|(a, object, origin, type_name)| {
            let (object, origin, type_name) = (object.clone(), origin.clone(), type_name.clone());
            addon::analyze(a, object, origin, type_name, &by_name, &mut errors)
        })
        .collect();

    let source = emit::file(
        &function_models,
        &addon_models,
        &type_names,
        options,
        &mut errors,
    );
    if !errors.is_empty() {
        // In input order: by source (as given), then by place; an object's own problems keep
        // the order they were found in.
        let sources: Vec<&str> = documents.iter().map(|d| d.source_name.as_str()).collect();
        errors.sort_by_key(|e| {
            let source = sources.iter().position(|s| Some(*s) == e.file.as_deref());
            (source, e.position)
        });
        return Err(ImportErrors::from(errors));
    }
    let generated = |object: &ObjectRef, type_name: &str| GeneratedType {
        object: object.clone(),
        type_name: type_name.to_owned(),
    };
    Ok(Generated {
        source,
        functions: function_models
            .iter()
            .map(|f| generated(&f.object, &f.type_name))
            .collect(),
        addons: addon_models
            .iter()
            .map(|a| generated(&a.object, &a.type_name))
            .collect(),
    })
}
