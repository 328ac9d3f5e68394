//! Catalog mistakes fail `cargo test` of the `-api` crate, before the plugin's build script
//! meets them: what spans several objects (an Addon task's Function, the Helm values, the
//! chart's name and version) is checked by `Catalog::check`, and each Function passes the
//! list of checks `plugin::validate` runs (the derive's, plus the text of defaults written as
//! expressions).

use function_core::PluginFunction;
use function_core::plugin;
use postgres_plugin_api::{PostgresBackup, PostgresRestore, catalog};

#[test]
fn the_catalog_passes_its_checks() {
    if let Err(errors) = catalog().check() {
        panic!("{errors}");
    }
    let chart = catalog().chart().expect("the chart renders");
    assert!(chart.file("Chart.yaml").is_some());
}

#[test]
fn every_function_passes_the_rules() {
    assert_eq!(plugin::validate::<PostgresBackup>(), Ok(()));
    assert_eq!(plugin::validate::<PostgresRestore>(), Ok(()));
}

#[test]
fn the_catalog_holds_the_addon_and_its_functions() {
    let catalog = catalog();
    let names: Vec<&str> = catalog
        .functions()
        .iter()
        .filter_map(|f| f.metadata.name.as_deref())
        .collect();
    assert_eq!(names, [PostgresBackup::name(), PostgresRestore::name()]);
    assert_eq!(catalog.addons().len(), 1);
}
