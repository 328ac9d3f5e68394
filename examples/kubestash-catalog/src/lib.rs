//! The upstream KubeStash catalog, written in Rust: 12 Functions as `#[derive(Function)]`
//! structs ([`functions`]) and 4 Addons with `addon!` ([`addons`]), gathered in one
//! [`Catalog`] ([`catalog`]) whose Helm chart is upstream's `kubestash-catalog` chart.
//!
//! ```
//! let catalog = kubestash_catalog::catalog();
//! assert_eq!(catalog.functions().len(), 12);
//! assert_eq!(catalog.addons().len(), 4);
//! catalog.check().unwrap();
//! let chart = catalog.chart().unwrap();
//! assert!(chart.file("values.yaml").unwrap().contains("\nwaitTimeout: 300\n"));
//! ```
//!
//! The binary writes the chart: `cargo run -p kubestash-catalog -- --out DIR`.

use function_core::catalog::Catalog;

pub mod addons;
pub mod functions;

/// The chart's name.
pub const CHART_NAME: &str = "kubestash-catalog";
/// The chart's version (SemVer 2: upstream's `v2026.7.10` without the `v`).
pub const CHART_VERSION: &str = "2026.7.10";
/// The chart's appVersion, as upstream's.
pub const APP_VERSION: &str = "v2026.7.10";

/// The whole catalog: the 4 Addons and the Functions their tasks run (all 12), with
/// `waitTimeout` bound to a Helm value by the vault Functions' `#[arg(helm_value)]`.
pub fn catalog() -> Catalog {
    let mut catalog = Catalog::new(CHART_NAME, CHART_VERSION);
    catalog
        .app_version(APP_VERSION)
        .kube_version(">=1.26.0-0")
        .description("KubeStash Catalog by AppsCode - Catalog of KubeStash Addons")
        .add_plugin_addon::<addons::KubedumpAddon>()
        .add_plugin_addon::<addons::PvcAddon>()
        .add_plugin_addon::<addons::VaultAddon>()
        .add_plugin_addon::<addons::WorkloadAddon>();
    catalog
}
