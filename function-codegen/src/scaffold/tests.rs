use std::fs;

use super::*;

fn vault() -> PluginName {
    PluginName::new("vault-plugin").unwrap()
}

#[test]
fn the_file_set() {
    let files = plugin(&vault(), &Core::default()).files();
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_yaml_snapshot!(paths);
}

#[test]
fn every_placeholder_is_filled() {
    for (path, text) in plugin(&vault(), &Core::default()).files() {
        assert!(
            !text.contains("{{"),
            "{path} has a placeholder left:\n{text}"
        );
    }
}

#[test]
fn manifests_by_version() {
    let files = plugin(&vault(), &Core::Version("0.1.0".into())).files();
    insta::assert_snapshot!("root_cargo_toml", files["Cargo.toml"]);
    insta::assert_snapshot!("api_cargo_toml", files["vault-plugin-api/Cargo.toml"]);
    insta::assert_snapshot!("bin_cargo_toml", files["vault-plugin/Cargo.toml"]);
}

#[test]
fn manifests_by_path() {
    let files = plugin(
        &vault(),
        &Core::Path("/src/kubestash-fn/function-core".into()),
    )
    .files();
    insta::assert_snapshot!("bin_cargo_toml_path", files["vault-plugin/Cargo.toml"]);
}

#[test]
fn the_names_in_the_sources() {
    let files = plugin(&vault(), &Core::default()).files();
    insta::assert_snapshot!("bin_main_rs", files["vault-plugin/src/main.rs"]);
    insta::assert_snapshot!("bin_build_rs", files["vault-plugin/build.rs"]);
    let lib = &files["vault-plugin-api/src/lib.rs"];
    for text in [
        "pub struct VaultBackup {",
        "pub struct VaultRestore {",
        "pub struct VaultAddon {",
        "    name = \"vault-backup\",\n",
        "    name = \"vault-restore\",\n",
        "        name: \"vault-addon\",\n",
        "pub const CHART_NAME: &str = \"vault-plugin\";",
        "use vault_plugin_api::{VaultAddon, VaultBackup};",
    ] {
        assert!(lib.contains(text), "`{text}` missing from:\n{lib}");
    }
}

#[test]
fn bad_names_are_refused_with_the_reason() {
    let cases = [
        "",
        "MySQL",
        "my_plugin",
        "my plugin",
        "7zip",
        "-plugin",
        "plugin-",
        "my--plugin",
        "fn",
        "function-core",
        &"a".repeat(51),
    ];
    let errors: Vec<String> = cases
        .iter()
        .map(|c| PluginName::new(c).unwrap_err().to_string())
        .collect();
    insta::assert_yaml_snapshot!(errors);
}

#[test]
fn good_names() {
    for (name, prefix, ty) in [
        ("mysql-plugin", "mysql", "Mysql"),
        ("kube-dump", "kube-dump", "KubeDump"),
        ("plugin", "plugin", "Plugin"),
        ("a1", "a1", "A1"),
        ("etcd-v3-plugin", "etcd-v3", "EtcdV3"),
    ] {
        let n = PluginName::new(name).unwrap();
        assert_eq!((n.object_prefix(), n.type_prefix().as_str()), (prefix, ty));
    }
}

#[test]
fn a_non_empty_directory_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault-plugin");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let err = plugin(&vault(), &Core::default()).write(&dir).unwrap_err();
    assert!(matches!(err, fsio::Error::NotEmpty { .. }), "{err}");
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
    // Nothing else: no temporary sibling either.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn an_empty_directory_is_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault-plugin");
    fs::create_dir(&dir).unwrap();
    let ws = plugin(&vault(), &Core::default());
    let report = ws.write(&dir).unwrap();
    assert_eq!(report.written.len(), ws.files().len());
    for (path, text) in ws.files() {
        assert_eq!(fs::read_to_string(dir.join(&path)).unwrap(), text, "{path}");
    }
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_failed_write_leaves_nothing() {
    // `src` is a file and a directory at once: the write fails half-way through.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault-plugin");
    let mut ws = plugin(&vault(), &Core::default());
    ws.add_file("vault-plugin/src", "a file");
    let err = ws.write(&dir).unwrap_err();
    assert!(matches!(err, fsio::Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("vault-plugin/src"), "{err}");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn the_imported_workspace() {
    let name = PluginName::new("vault-catalog").unwrap();
    let files = imported(&name, &Core::Version("0.1.0".into()), "pub struct A;\n").files();
    insta::assert_snapshot!("imported_root_cargo_toml", files["Cargo.toml"]);
    for (path, text) in &files {
        assert!(
            !text.contains("{{"),
            "{path} has a placeholder left:\n{text}"
        );
    }
}

#[test]
fn replace_keeps_the_old_directory_when_the_new_one_cannot_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault-plugin");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("mine.txt"), "mine").unwrap();
    let mut ws = plugin(&vault(), &Core::default());
    ws.add_file("vault-plugin/src", "a file and a directory at once");
    assert!(ws.replace(&dir).is_err());
    assert_eq!(fs::read_to_string(dir.join("mine.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    // And a good one replaces it, leaving nothing beside it.
    let report = plugin(&vault(), &Core::default()).replace(&dir).unwrap();
    assert_eq!(report.dir, dir);
    assert!(!dir.join("mine.txt").exists());
    assert!(dir.join("vault-plugin/build.rs").is_file());
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
}
