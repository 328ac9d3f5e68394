//! Snapshots of the expansion for representative inputs, formatted with prettyplease: the code
//! a user sees under `cargo expand`, reviewed in diffs.

use syn::DeriveInput;

/// Snapshots the input, then its expansion, both formatted with prettyplease.
macro_rules! assert_expansion {
    ($($input:tt)*) => {{
        let input: DeriveInput = syn::parse_quote!($($input)*);
        let mut settings = insta::Settings::clone_current();
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(format!(
                "{}\n// ---- expands to ----\n\n{}",
                format_input(&input),
                expand(&input)
            ))
        });
    }};
}

fn format_input(input: &DeriveInput) -> String {
    let file: syn::File = syn::parse_quote!(#input);
    prettyplease::unparse(&file)
}

fn expand(input: &DeriveInput) -> String {
    let tokens = crate::derive(input);
    let mut file: syn::File = syn::parse2(tokens).expect("the expansion is a valid file");
    // prettyplease leaves the inside of a macro call as it is: the `with_api! { fn ... }` of the
    // impl is taken out, and its function formatted on its own and put back in the text.
    let mut with_api = None;
    for item in &mut file.items {
        if let syn::Item::Impl(imp) = item {
            imp.items.retain(|i| match i {
                syn::ImplItem::Macro(m)
                    if m.mac
                        .path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "with_api") =>
                {
                    let f: syn::ImplItemFn =
                        syn::parse2(m.mac.tokens.clone()).expect("with_api! holds a function");
                    with_api = Some((m.mac.path.clone(), f));
                    false
                }
                _ => true,
            });
        }
    }
    let text = prettyplease::unparse(&file);
    let Some((path, f)) = with_api else {
        return text;
    };
    let holder: syn::File = syn::parse_quote!(impl Holder { #f });
    let body = prettyplease::unparse(&holder);
    let body = body
        .trim_start_matches("impl Holder {\n")
        .trim_end()
        .trim_end_matches('}');
    let path = quote::ToTokens::to_token_stream(&path)
        .to_string()
        .replace(' ', "");
    let indented: String = body
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {l}\n")
            }
        })
        .collect();
    let closing = text.rfind('}').expect("the impl closes");
    format!(
        "{}    {path}! {{\n{indented}    }}\n{}",
        &text[..closing],
        &text[closing..]
    )
}

#[test]
fn issue_example() {
    assert_expansion! {
        /// Back up a PostgreSQL database with pg_dump.
        #[derive(Function)]
        #[function(name = "postgres-backup",
                   image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
                   available_versions = ["12.17", "14.10", "16.4"],
                   subcommand = "backup")]
        pub struct PostgresBackup {
            #[arg(builtin)]
            namespace: String,
            #[arg(builtin, flag = "backupsession", var = "backupSession")]
            backup_session: String,
            /// Enable or disable caching.
            #[arg(default = true)]
            enable_cache: bool,
            #[arg(default = 300)]
            wait_timeout: u32,
            #[arg(flag = "pg-args", var = "args")]
            pg_args: Option<String>,
        }
    }
}

#[test]
fn no_fields_no_subcommand() {
    assert_expansion! {
        #[derive(Function)]
        #[function(name = "noop", image = "busybox:1.36")]
        struct Noop {}
    }
}

#[test]
fn every_key() {
    assert_expansion! {
        #[derive(Function)]
        #[function(name = "vault-restore", image = "ghcr.io/kubestash/vault:v0.3.0")]
        #[function(subcommand = "restore", command = ["/vault-plugin", "--log-level=2"],
                   working_dir = "/data", crate = "::my_core")]
        struct VaultRestore {
            /// Directory for holding temporary files
            /// and restic cache.
            #[arg(default = "/kubestash-tmp")]
            scratch_dir: std::path::PathBuf,
            #[arg(default = 300, helm_value = "waitTimeout", usage = "Seconds to wait.")]
            wait_timeout: u32,
            #[arg(default = Level::Info)]
            log_level: Level,
            #[arg(var = "ANDedLabelSelectors")]
            and_label_selectors: Vec<String>,
            r#type: Option<char>,
        }
    }
}

#[test]
fn all_errors_of_one_input() {
    assert_expansion! {
        #[derive(Function)]
        #[function(nme = "x", image = "ghcr.io/Org/x:${DB_VERSION}")]
        struct Broken {
            #[arg(var = "wait-timeout", default = "a}b")]
            a: String,
            #[arg(flag = "a")]
            b: String,
        }
    }
}

/// Every independent mistake of one struct is reported in one compile (the `Ctxt`), not only
/// the first: seven mistakes, seven `compile_error!`s, and the fallback `impl`. (The trybuild
/// cases under `tests/ui` make one mistake each and give one error each.)
#[test]
fn every_mistake_of_one_struct_in_one_expansion() {
    assert_expansion! {
        #[derive(Function)]
        #[function(nam = "Vault Backup", image = "ghcr.io/kubestash/vault:v0.3.0_${DB_VERSION}")]
        struct VaultBackup {
            #[arg(var = "wait.timeout", default = "3}00")]
            wait_timeout: String,
            #[arg(flag = "wait-timeout", builtin)]
            other: String,
            #[arg(unknown)]
            third: u32,
        }
    }
}

#[test]
fn list_defaults_and_required() {
    assert_expansion! {
        #[derive(Function)]
        #[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "restore")]
        struct PvcRestore {
            #[arg(builtin, required)]
            snapshot: String,
            /// Paths to restore.
            #[arg(required)]
            paths: Vec<std::path::PathBuf>,
            #[arg(default = ["0", "1"])]
            ordinals: Vec<String>,
            #[arg(default = [1, MAX_ATTEMPTS], helm_value = "attempts")]
            attempts: Vec<u32>,
            #[arg(default = [])]
            exclude: Vec<String>,
        }
    }
}

#[test]
fn rough_edges_are_compile_errors() {
    assert_expansion! {
        #[derive(Function)]
        #[function(name = "pg-backup", image = "ghcr.io/kubedb/pg:v1")]
        struct PgBackup {
            #[arg(default = "300")]
            wait_timeout: u32,
            #[arg(default = "true")]
            enable_cache: bool,
            #[arg(default = "0.5")]
            ratio: f64,
            #[arg(default = ["1", "2"])]
            ids: Vec<u8>,
            #[arg(default = "a,b")]
            databases: Vec<String>,
            #[arg(default = ["a,b"])]
            tables: Vec<String>,
            #[arg(default = ["x"])]
            user: String,
            #[arg(helm_value = "timeout")]
            timeout: u32,
            #[arg(required, default = "postgres")]
            owner: String,
            #[arg(required)]
            role: Option<String>,
            #[arg(builtin, required)]
            namespace: String,
            #[arg(required = true)]
            session: String,
        }
    }
}

#[test]
fn expansions_call_no_macros_but_with_api() {
    let input: DeriveInput = syn::parse_quote! {
        #[derive(Function)]
        #[function(name = "a", image = "b:c", subcommand = "run", available_versions = ["1"])]
        struct A {
            #[arg(builtin)]
            namespace: String,
            #[arg(default = "x")]
            b: String,
            c: Vec<u8>,
            #[arg(default = ["1", "2"])]
            d: Vec<String>,
            #[arg(required)]
            e: String,
        }
    };
    let expanded = expand(&input);
    for bang in ["!(", "![", "!{", "! {", "! ("] {
        assert!(!expanded.contains(bang), "a macro call in:\n{expanded}");
    }
    // The container settings are set inside `with_api!`, and only they.
    let input: DeriveInput = syn::parse_quote! {
        #[derive(Function)]
        #[function(name = "a", image = "b:c", runtime_settings = settings())]
        struct A {}
    };
    let tokens = crate::derive(&input).to_string();
    assert_eq!(tokens.matches('!').count(), 1, "{tokens}");
    assert!(
        tokens.contains(":: function_core :: with_api !"),
        "{tokens}"
    );
}

#[test]
fn verbatim_arguments_operators_and_container_settings() {
    assert_expansion! {
        #[derive(Function)]
        #[function(name = "mysql-backup",
                   image = "ghcr.io/kubedb/mysql-restic-plugin:v0.12.0",
                   subcommand = "backup",
                   args = ["--verbose", namespace, "--target=${host}:${port}", wait_timeout],
                   ports = metrics_ports(),
                   volume_mounts = Vec::new(),
                   volume_devices = devices(),
                   runtime_settings = settings())]
        pub struct MysqlBackup {
            #[arg(builtin)]
            namespace: String,
            #[arg(default = 300, op = ":-")]
            wait_timeout: u32,
        }
    }
}
