//! The files of a new workspace, as text with `{{VAR}}` placeholders ([`render`]).

use super::{Core, KUBERNETES_FEATURE, MANIFEST_FEATURE, PluginName};

/// The root `Cargo.toml` (`{{members}}` is filled by the workspace).
pub const ROOT_CARGO_TOML: &str = include_str!("templates/Cargo.toml.tmpl");
/// The `-api` crate's `Cargo.toml`.
pub const API_CARGO_TOML: &str = include_str!("templates/api/Cargo.toml.tmpl");
/// The `-api` crate's `src/lib.rs`.
pub const API_LIB_RS: &str = include_str!("templates/api/lib.rs.tmpl");
/// The `-api` crate's `tests/catalog.rs`.
pub const API_TEST_CATALOG_RS: &str = include_str!("templates/api/catalog_test.rs.tmpl");
/// The binary's `Cargo.toml`.
pub const BIN_CARGO_TOML: &str = include_str!("templates/bin/Cargo.toml.tmpl");
/// The binary's `build.rs`.
pub const BIN_BUILD_RS: &str = include_str!("templates/bin/build.rs.tmpl");
/// The binary's `src/lib.rs`.
pub const BIN_LIB_RS: &str = include_str!("templates/bin/lib.rs.tmpl");
/// The binary's `src/main.rs`.
pub const BIN_MAIN_RS: &str = include_str!("templates/bin/main.rs.tmpl");
/// The binary's `tests/contract.rs`.
pub const BIN_TEST_CONTRACT_RS: &str = include_str!("templates/bin/contract_test.rs.tmpl");
/// The binary's `tests/cli.rs`.
pub const BIN_TEST_CLI_RS: &str = include_str!("templates/bin/cli_test.rs.tmpl");
/// The workspace's README.
pub const README_MD: &str = include_str!("templates/README.md.tmpl");

/// The values of the placeholders.
#[derive(Clone, Debug)]
pub struct Vars(Vec<(&'static str, String)>);

impl Vars {
    pub fn new(name: &PluginName, core: &Core) -> Self {
        let prefix = name.object_prefix().to_owned();
        Vars(vec![
            ("name", name.as_str().to_owned()),
            ("api", name.api_crate()),
            ("crate_ident", name.crate_ident()),
            ("api_ident", name.api_ident()),
            ("prefix", prefix),
            ("Type", name.type_prefix()),
            ("core_lean", core.dependency(false, &["derive"])),
            ("core_bin", core.dependency(false, &[])),
            ("core_full", core.dependency(true, &[])),
            (
                "runtime_bin",
                core.runtime_dependency(&[KUBERNETES_FEATURE]),
            ),
            ("k8s_feature", KUBERNETES_FEATURE.to_owned()),
            ("manifest_feature", MANIFEST_FEATURE.to_owned()),
        ])
    }
}

/// `text` with every `{{VAR}}` replaced by its value; unknown placeholders (`{{members}}`) are
/// left for the caller.
pub fn render(text: &str, vars: &Vars) -> String {
    let mut out = text.to_owned();
    for (key, value) in &vars.0 {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// The root package of an imported workspace (the generator).
pub const IMPORT_CARGO_TOML: &str = include_str!("templates/import/Cargo.toml.tmpl");
/// The generator's `src/main.rs`.
pub const IMPORT_MAIN_RS: &str = include_str!("templates/import/main.rs.tmpl");
/// The imported workspace's README.
pub const IMPORT_README_MD: &str = include_str!("templates/import/README.md.tmpl");
/// The crate docs put before the generated source.
pub const IMPORT_LIB_HEADER: &str = include_str!("templates/import/lib_header.rs.tmpl");
