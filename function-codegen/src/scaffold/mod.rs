//! Plugin workspaces in the recommended layout: what `kubestash-fn new` writes, and the frame
//! `kubestash-fn import` puts its generated `-api` crate in.
//!
//! ```text
//! NAME/                   the workspace (Cargo.toml, README.md, .gitignore)
//!   NAME-api/             the #[derive(Function)] structs, the addon! Addon, catalog()
//!     tests/catalog.rs      catalog().check(): catalog mistakes fail `cargo test`
//!   NAME/                 the plugin binary: its command line (plugin_cli!) and its work
//!     build.rs              writes chart/ and manifests.yaml from the -api crate
//!     tests/contract.rs     each Addon task resolved as the operator would; the round-trip laws
//!     tests/cli.rs          --help lists every flag with its usage and default
//! ```
//!
//! A build script can only use what is built before its package, so the types live in the
//! `-api` crate: the binary depends on it with `default-features = false` (no Kubernetes crate
//! in the binary) and its build script with the defaults (the `manifest` feature: the
//! manifests, the chart writer, and the Kubernetes version, [`KUBERNETES_FEATURE`]).
//!
//! [`Workspace`] is the file set and its atomic write; [`plugin`] fills one with the layout
//! above, [`imported`] with an imported `-api` crate and a generator at the root. Other layouts
//! are built the same way: [`Workspace::new`], [`Workspace::add_api_crate`] with the source,
//! then members or a root package ([`Workspace::add_member`], [`Workspace::set_root_package`],
//! [`Workspace::add_file`]), and [`Workspace::write`] (or [`Workspace::replace`]).
//!
//! ```
//! use function_codegen::scaffold::{Core, PluginName, plugin};
//!
//! let name = PluginName::new("mysql-plugin")?;
//! assert_eq!(name.object_prefix(), "mysql");
//! let workspace = plugin(&name, &Core::default());
//! let files = workspace.files();
//! assert!(files.contains_key("mysql-plugin-api/src/lib.rs"));
//! assert!(files["mysql-plugin/build.rs"].contains("mysql_plugin_api::catalog()"));
//! assert!(files["mysql-plugin-api/Cargo.toml"].contains(
//!     r#"manifest = ["function-core/default", "function-core/v1_34"]"#
//! ));
//!
//! let tmp = tempfile::tempdir()?;
//! let report = workspace.write(&tmp.path().join("mysql-plugin"))?;
//! assert_eq!(report.written.len(), files.len());
//! // A second write is refused: the directory is not empty.
//! assert!(workspace.write(&tmp.path().join("mysql-plugin")).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod name;
mod template;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use function_core::fsio::{self, WriteReport};

pub use name::{NameError, PluginName};

/// The version of function-core a workspace depends on: this crate's own (the workspace's
/// crates share one version).
pub const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The function-core feature that picks the Kubernetes version of the core types, turned on
/// by the `-api` crate's `manifest` feature (k8s-openapi wants exactly one version, chosen by
/// the crate that needs the types; `v1_34` matches the upstream CRDs).
pub const KUBERNETES_FEATURE: &str = "v1_34";

/// The `-api` crate's feature that turns the manifests on (and that `catalog()` is gated on).
pub const MANIFEST_FEATURE: &str = "manifest";

/// Where the workspace gets function-core from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Core {
    /// crates.io, at this version requirement.
    Version(String),
    /// A checkout of function-core (the directory holding its `Cargo.toml`), written as given:
    /// pass an absolute path, since the workspace's crates are in subdirectories. The version
    /// ([`CORE_VERSION`]) is written too, for when the crate is published.
    Path(PathBuf),
}

impl Default for Core {
    /// [`CORE_VERSION`] from crates.io.
    fn default() -> Self {
        Core::Version(CORE_VERSION.to_owned())
    }
}

impl Core {
    /// The dependency's inline table, as a `Cargo.toml` line `function-core = ...` takes it:
    /// with `default_features` off and the `features` given.
    ///
    /// ```
    /// use function_codegen::scaffold::Core;
    ///
    /// assert_eq!(
    ///     Core::Version("0.1.0".into()).dependency(false, &["derive"]),
    ///     r#"{ version = "0.1.0", default-features = false, features = ["derive"] }"#
    /// );
    /// assert_eq!(
    ///     Core::Path("/src/function-core".into()).dependency(true, &[]),
    ///     format!(r#"{{ path = '/src/function-core', version = "{}" }}"#, function_codegen::scaffold::CORE_VERSION)
    /// );
    /// ```
    pub fn dependency(&self, default_features: bool, features: &[&str]) -> String {
        let mut fields = match self {
            Core::Version(version) => vec![format!("version = {}", toml_string(version))],
            Core::Path(path) => vec![
                format!("path = {}", toml_string(&path.to_string_lossy())),
                format!("version = {}", toml_string(CORE_VERSION)),
            ],
        };
        if !default_features {
            fields.push("default-features = false".to_owned());
        }
        if !features.is_empty() {
            let list: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
            fields.push(format!("features = [{}]", list.join(", ")));
        }
        format!("{{ {} }}", fields.join(", "))
    }
}

impl Core {
    /// The inline table of function-runtime (the plugin binary's run-time layer), from the
    /// same place as function-core: the crates.io version, or the `function-runtime`
    /// directory beside a `function-core` checkout.
    ///
    /// ```
    /// use function_codegen::scaffold::Core;
    ///
    /// assert_eq!(
    ///     Core::Path("/src/function-core".into()).runtime_dependency(&["v1_34"]),
    ///     format!(
    ///         r#"{{ path = '/src/function-runtime', version = "{}", features = ["v1_34"] }}"#,
    ///         function_codegen::scaffold::CORE_VERSION
    ///     )
    /// );
    /// ```
    pub fn runtime_dependency(&self, features: &[&str]) -> String {
        let core = match self {
            Core::Version(_) => self.clone(),
            Core::Path(path) => Core::Path(
                path.parent()
                    .map(|p| p.join("function-runtime"))
                    .unwrap_or_else(|| PathBuf::from("function-runtime")),
            ),
        };
        core.dependency(true, features)
    }
}

/// `text` as a TOML string: a literal string (`'...'`, no escapes: Windows paths stay readable)
/// when it can be one, else a basic string with escapes.
fn toml_string(text: &str) -> String {
    let literal_ok = !text.contains('\'') && !text.chars().any(char::is_control);
    if literal_ok && (text.contains('\\') || text.contains('"')) {
        return format!("'{text}'");
    }
    if literal_ok && text.contains('/') {
        // Paths: the same form whatever they hold.
        return format!("'{text}'");
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A plugin workspace as a set of files, written all at once ([`write`](Self::write)).
///
/// The root `Cargo.toml` is made from the members (in the order added) and the root package,
/// if any; `.gitignore` ignores `/target`. Everything else is added: see the
/// [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    name: PluginName,
    core: Core,
    members: Vec<String>,
    root_package: Option<String>,
    files: BTreeMap<String, String>,
}

impl Workspace {
    /// An empty workspace for the plugin `name`, depending on function-core through `core`.
    ///
    /// ```
    /// use function_codegen::scaffold::{Core, PluginName, Workspace};
    ///
    /// let ws = Workspace::new(&PluginName::new("vault")?, Core::default());
    /// let files = ws.files();
    /// assert_eq!(files.keys().collect::<Vec<_>>(), [".gitignore", "Cargo.toml"]);
    /// assert!(files["Cargo.toml"].contains("[workspace]\nresolver = \"3\"\nmembers = []\n"));
    /// # Ok::<(), function_codegen::scaffold::NameError>(())
    /// ```
    pub fn new(name: &PluginName, core: Core) -> Self {
        Workspace {
            name: name.clone(),
            core,
            members: Vec::new(),
            root_package: None,
            files: BTreeMap::new(),
        }
    }

    /// The plugin's name.
    pub fn name(&self) -> &PluginName {
        &self.name
    }

    /// Where the workspace gets function-core from.
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Adds the `NAME-api` crate: its `Cargo.toml` (the lean function-core dependency, and the
    /// `manifest` feature that turns on function-core's defaults and [`KUBERNETES_FEATURE`])
    /// and `src/lib.rs`, which must gate `catalog()` on the `manifest` feature (as
    /// [`Options::manifest_feature`](crate::Options::manifest_feature) does by default).
    ///
    /// ```
    /// use function_codegen::scaffold::{Core, PluginName, Workspace};
    ///
    /// let mut ws = Workspace::new(&PluginName::new("vault")?, Core::default());
    /// ws.add_api_crate("//! The API.\n");
    /// let files = ws.files();
    /// assert!(files["Cargo.toml"].contains("members = [\"vault-api\"]"));
    /// assert!(files["vault-api/Cargo.toml"].contains("default = [\"manifest\"]"));
    /// assert_eq!(files["vault-api/src/lib.rs"], "//! The API.\n");
    /// # Ok::<(), function_codegen::scaffold::NameError>(())
    /// ```
    pub fn add_api_crate(&mut self, lib_rs: impl Into<String>) -> &mut Self {
        let api = self.name.api_crate();
        let manifest = template::render(template::API_CARGO_TOML, &self.vars());
        self.add_member(&api);
        self.add_file(&format!("{api}/Cargo.toml"), manifest);
        self.add_file(&format!("{api}/src/lib.rs"), lib_rs)
    }

    /// Adds a member crate's directory (relative to the root, `/` separators) to the root
    /// `Cargo.toml`; its files are added with [`add_file`](Self::add_file).
    pub fn add_member(&mut self, dir: &str) -> &mut Self {
        if !self.members.iter().any(|m| m == dir) {
            self.members.push(dir.to_owned());
        }
        self
    }

    /// Makes the root a package too (a generator binary, say): `toml` (its `[package]`,
    /// dependencies, ...) follows the `[workspace]` tables in the root `Cargo.toml`.
    pub fn set_root_package(&mut self, toml: impl Into<String>) -> &mut Self {
        self.root_package = Some(toml.into());
        self
    }

    /// Adds (or replaces) a file: its path relative to the root, with `/` separators.
    pub fn add_file(&mut self, path: &str, content: impl Into<String>) -> &mut Self {
        self.files.insert(path.to_owned(), content.into());
        self
    }

    /// The `function-core = ...` dependency table for a member's `Cargo.toml`, from this
    /// workspace's [`Core`] (see [`Core::dependency`]).
    pub fn core_dependency(&self, default_features: bool, features: &[&str]) -> String {
        self.core.dependency(default_features, features)
    }

    /// Every file: path (relative, `/` separators) → content, the root `Cargo.toml` and
    /// `.gitignore` included.
    pub fn files(&self) -> BTreeMap<String, String> {
        let mut files = self.files.clone();
        files
            .entry(".gitignore".to_owned())
            .or_insert_with(|| "/target\n".to_owned());
        files.insert("Cargo.toml".to_owned(), self.root_manifest());
        files
    }

    /// Writes the workspace into `dir`, which must not exist or be an empty directory: the
    /// files are written into a temporary sibling which is then renamed to `dir`, so either the
    /// whole workspace appears or nothing does ([`fsio::write_new_dir`]).
    ///
    /// # Errors
    /// [`fsio::Error::NotEmpty`] when `dir` exists and is not an empty directory;
    /// [`fsio::Error::Io`] naming the path that could not be written. Nothing is left
    /// behind either way.
    pub fn write(&self, dir: &Path) -> Result<WriteReport, fsio::Error> {
        fsio::write_new_dir(dir, &self.files())
    }

    /// Writes the workspace into `dir`, replacing whatever is there (`--force`), with
    /// [`fsio::replace_dir`]: written beside it first, then swapped in.
    ///
    /// # Errors
    /// [`fsio::Error::Io`] naming the path that could not be written or renamed; `dir` is
    /// then as it was.
    ///
    /// ```
    /// use function_codegen::scaffold::{Core, PluginName, Workspace};
    ///
    /// let tmp = tempfile::tempdir()?;
    /// let dir = tmp.path().join("vault");
    /// std::fs::create_dir(&dir)?;
    /// std::fs::write(dir.join("old.txt"), "old")?;
    /// Workspace::new(&PluginName::new("vault")?, Core::default()).replace(&dir)?;
    /// assert!(!dir.join("old.txt").exists());
    /// assert!(dir.join("Cargo.toml").is_file());
    /// assert_eq!(std::fs::read_dir(tmp.path())?.count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace(&self, dir: &Path) -> Result<WriteReport, fsio::Error> {
        fsio::replace_dir(dir, &self.files())
    }

    fn root_manifest(&self) -> String {
        let members: Vec<String> = self.members.iter().map(|m| toml_string(m)).collect();
        let mut text = template::render(template::ROOT_CARGO_TOML, &self.vars());
        text = text.replace("{{members}}", &members.join(", "));
        if let Some(package) = &self.root_package {
            text.push('\n');
            text.push_str(package);
            if !package.ends_with('\n') {
                text.push('\n');
            }
        }
        text
    }

    fn vars(&self) -> template::Vars {
        template::Vars::new(&self.name, &self.core)
    }
}

/// The workspace `kubestash-fn new NAME` writes: `NAME-api` (a backup and a restore
/// `#[derive(Function)]`, an `addon!`, `catalog()`, its `catalog().check()` test), `NAME` (the
/// binary: `plugin_cli!` dispatch with `program!()`, a `build.rs` writing `chart/` and
/// `manifests.yaml`, a contract test written with `function_core::testing`, a test of its
/// `--help`), a README and `.gitignore`.
///
/// The Functions are `PREFIX-backup` and `PREFIX-restore`, the Addon `PREFIX-addon`, where
/// `PREFIX` is [`PluginName::object_prefix`]; the chart is `NAME`.
///
/// ```
/// use function_codegen::scaffold::{Core, PluginName, plugin};
///
/// let ws = plugin(&PluginName::new("vault")?, &Core::default());
/// let lib = &ws.files()["vault-api/src/lib.rs"];
/// assert!(lib.contains("    name = \"vault-backup\",\n"));
/// assert!(lib.contains("pub struct VaultBackup {"));
/// assert!(lib.contains("pub struct VaultAddon {"));
/// # Ok::<(), function_codegen::scaffold::NameError>(())
/// ```
pub fn plugin(name: &PluginName, core: &Core) -> Workspace {
    let mut ws = Workspace::new(name, core.clone());
    let vars = ws.vars();
    let render = |text: &str| template::render(text, &vars);
    let api = name.api_crate();
    let bin = name.as_str().to_owned();
    ws.add_api_crate(render(template::API_LIB_RS));
    ws.add_file(
        &format!("{api}/tests/catalog.rs"),
        render(template::API_TEST_CATALOG_RS),
    );
    ws.add_member(&bin);
    for (path, text) in [
        ("Cargo.toml", template::BIN_CARGO_TOML),
        ("build.rs", template::BIN_BUILD_RS),
        ("src/lib.rs", template::BIN_LIB_RS),
        ("src/main.rs", template::BIN_MAIN_RS),
        ("tests/contract.rs", template::BIN_TEST_CONTRACT_RS),
        ("tests/cli.rs", template::BIN_TEST_CLI_RS),
    ] {
        ws.add_file(&format!("{bin}/{path}"), render(text));
    }
    ws.add_file("README.md", render(template::README_MD));
    ws
}

/// The workspace `kubestash-fn import` writes: `NAME-api` holding `api_source` (what
/// [`generate`](crate::generate) wrote, with [`Options::manifest_feature`](crate::Options)
/// `manifest`), and at the root a small generator package `NAME`: `cargo run` prints the
/// catalog as multi-document YAML, `cargo run -- --chart DIR` writes its Helm chart. No plugin
/// binary: an imported catalog's plugins already exist as images.
///
/// ```
/// use function_codegen::scaffold::{Core, PluginName, imported};
///
/// let ws = imported(&PluginName::new("vault-catalog")?, &Core::default(), "pub struct A;\n");
/// let files = ws.files();
/// assert_eq!(
///     files.keys().collect::<Vec<_>>(),
///     [".gitignore", "Cargo.toml", "README.md", "src/main.rs", "vault-catalog-api/Cargo.toml", "vault-catalog-api/src/lib.rs"]
/// );
/// assert!(files["Cargo.toml"].contains("members = [\"vault-catalog-api\"]"));
/// assert!(files["Cargo.toml"].contains("[package]\nname = \"vault-catalog\"\n"));
/// assert!(files["src/main.rs"].contains("vault_catalog_api::catalog()"));
/// assert!(files["vault-catalog-api/src/lib.rs"].ends_with("\n\npub struct A;\n"));
/// # Ok::<(), function_codegen::scaffold::NameError>(())
/// ```
pub fn imported(name: &PluginName, core: &Core, api_source: &str) -> Workspace {
    let mut ws = Workspace::new(name, core.clone());
    let vars = ws.vars();
    let render = |text: &str| template::render(text, &vars);
    let mut lib = render(template::IMPORT_LIB_HEADER);
    lib.push_str(api_source);
    ws.add_api_crate(lib);
    ws.set_root_package(render(template::IMPORT_CARGO_TOML));
    ws.add_file("src/main.rs", render(template::IMPORT_MAIN_RS));
    ws.add_file("README.md", render(template::IMPORT_README_MD));
    ws
}

#[cfg(test)]
mod tests;
