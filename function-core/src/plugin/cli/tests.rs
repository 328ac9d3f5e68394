//! The command line's behaviours, one by one, through the public entry points.

use std::path::PathBuf;

use super::*;
use crate::Function;

/// A Function with no subcommand, whose flags follow the program name.
#[derive(Function, Debug, PartialEq)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(builtin)]
    namespace: String,
    /// Number of seconds to wait for Vault to be ready.
    #[arg(default = 300)]
    wait_timeout: u32,
    #[arg(default = -5)]
    offset: i64,
    /// Additional arguments for the tool.
    #[arg(flag = "pg-args", var = "args")]
    pg_args: Option<String>,
    paths: Vec<PathBuf>,
}

#[derive(Function, Debug, PartialEq)]
#[function(
    name = "pvc-backup",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "backup"
)]
struct PvcBackup {
    /// Paths to back up.
    paths: Vec<String>,
}

#[derive(Function, Debug, PartialEq)]
#[function(
    name = "pvc-restore",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "restore"
)]
struct PvcRestore {
    #[arg(builtin)]
    snapshot: String,
}

crate::plugin_cli! {
    #[derive(Debug, PartialEq)]
    enum Run {
        Backup(PvcBackup),
        Restore(PvcRestore),
    }
}

/// A Function whose own flags are `help` and `version`.
#[derive(Function, Debug, PartialEq)]
#[function(name = "odd-backup", image = "example.com/odd:v1")]
struct Odd {
    #[arg(default = false)]
    help: bool,
    version: Option<String>,
}

crate::plugin_cli! {
    /// One Function and no subcommand: the flags follow the program name.
    #[derive(Debug, PartialEq)]
    enum Single {
        Vault(VaultBackup),
    }
}

fn vault(args: &[&str]) -> Result<VaultBackup, ArgsError> {
    VaultBackup::from_args(args.iter().copied())
}

fn vault_default() -> VaultBackup {
    VaultBackup {
        namespace: "default".into(),
        wait_timeout: 300,
        offset: -5,
        pg_args: None,
        paths: Vec::new(),
    }
}

#[test]
fn values_may_start_with_one_hyphen_in_either_form() {
    let v = vault(&["--pg-args", "-v", "--offset", "-7", "--paths", "-"]).unwrap();
    assert_eq!(v.pg_args.as_deref(), Some("-v"));
    assert_eq!(v.offset, -7);
    assert_eq!(v.paths, [PathBuf::from("-")]);
    let v = vault(&["--pg-args=--verbose", "--offset=-7"]).unwrap();
    assert_eq!((v.pg_args.as_deref(), v.offset), (Some("--verbose"), -7));
    // `=` inside a value, and the empty value, in both forms.
    let v = vault(&["--pg-args", "a=b", "--paths="]).unwrap();
    assert_eq!((v.pg_args.as_deref(), v.paths.len()), (Some("a=b"), 0));
    let v = vault(&["--pg-args", ""]).unwrap();
    assert_eq!(v.pg_args, None);
}

#[test]
fn a_value_starting_with_two_hyphens_needs_the_equals_form() {
    // `--flag --other`: a missing value, not `--other` taken as the value.
    for args in [
        &["--pg-args", "--verbose"][..],
        &["--pg-args", "--offset=1"][..],
        &["--pg-args", "--"][..],
        &["--pg-args"][..],
    ] {
        assert_eq!(
            vault(args),
            Err(ArgsError::MissingValue {
                flag: "pg-args".into()
            }),
            "{args:?}"
        );
    }
}

#[test]
fn a_repeated_flag_is_an_error_in_any_form() {
    for args in [
        &["--offset=1", "--offset=2"][..],
        &["--offset", "1", "--offset=1"][..],
        &["--offset", "1", "--pg-args=x", "--offset", "1"][..],
    ] {
        assert_eq!(
            vault(args),
            Err(ArgsError::RepeatedFlag {
                flag: "offset".into()
            }),
            "{args:?}"
        );
    }
}

#[test]
fn an_unknown_flag_gets_a_suggestion() {
    let err = vault(&["--wait-timout=3"]).unwrap_err();
    assert_eq!(
        err,
        ArgsError::UnknownFlag {
            flag: "wait-timout".into(),
            known: ["namespace", "wait-timeout", "offset", "pg-args", "paths"]
                .map(String::from)
                .to_vec(),
            suggestion: Some("wait-timeout".into()),
        }
    );
    assert_eq!(
        err.to_string(),
        "unknown flag `--wait-timout` (did you mean `--wait-timeout`?); the flags are: \
         --namespace, --wait-timeout, --offset, --pg-args, --paths"
    );
    assert_eq!(err.exit_code(), 2);
    // Far from every flag: no suggestion.
    let err = vault(&["--zzz", "1"]).unwrap_err();
    assert!(
        matches!(
            err,
            ArgsError::UnknownFlag {
                suggestion: None,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn arguments_that_are_not_flags() {
    for (args, argument) in [
        (&["x"][..], "x"),
        (&["-v"][..], "-v"),
        (&["--offset=1", "--", "x"][..], "x"),
    ] {
        assert_eq!(
            vault(args),
            Err(ArgsError::UnexpectedArgument {
                argument: argument.into()
            }),
            "{args:?}"
        );
    }
}

#[test]
fn help_is_not_a_value() {
    for flag in ["--help", "-h"] {
        let err = vault(&["--offset=1", flag]).unwrap_err();
        let ArgsError::Help { text } = &err else {
            panic!("{err:?}")
        };
        assert!(text.contains("--wait-timeout <waitTimeout>"), "{text}");
        assert!(
            text.contains("Number of seconds to wait for Vault to be ready."),
            "{text}"
        );
        assert_eq!(err.exit_code(), 0);
        assert_eq!(err.to_string(), *text);
    }
    let help = vault(&["--help"]).unwrap_err().to_string();
    // The struct's doc comment is the command's `about`.
    assert!(
        help.starts_with(
            "A Function with no subcommand, whose flags follow the program name.\n\nUsage: \
         vault-backup [OPTIONS]"
        ),
        "{help}"
    );
    assert!(help.contains(
        "      --pg-args <args>\n          Additional arguments for the tool.\n          \
         [variable: args]\n"
    ));
    assert!(help.contains("      --namespace <namespace>\n          [default: default] [built-in variable: namespace]\n"));
    assert!(help.contains("      --paths <paths>\n          [variable: paths]\n"));
}

#[test]
fn version_needs_a_program_version() {
    let program = Program::new("vault-plugin").version("1.2.3");
    assert_eq!(
        try_parse::<VaultBackup, _>(program, ["--version"]),
        Err(ArgsError::Version {
            text: "vault-plugin 1.2.3\n".into()
        })
    );
    assert_eq!(
        try_parse::<VaultBackup, _>(program, ["-V"])
            .unwrap_err()
            .exit_code(),
        0
    );
    // `from_args` has no program version: `--version` is just an unknown flag.
    assert!(matches!(
        vault(&["--version"]),
        Err(ArgsError::UnknownFlag { .. })
    ));
    let mut cmd = command::<VaultBackup>(program.about("Backs up Vault."));
    assert_eq!(cmd.render_version(), "vault-plugin 1.2.3\n");
    assert!(
        cmd.render_help()
            .to_string()
            .starts_with("Backs up Vault.\n")
    );
}

#[test]
fn a_function_s_own_help_and_version_flags_win() {
    let program = Program::new("odd").version("1.0.0");
    let odd = try_parse::<Odd, _>(program, ["--help=true", "--version", "2"]).unwrap();
    assert_eq!(
        odd,
        Odd {
            help: true,
            version: Some("2".into())
        }
    );
    // `-h` and `-V` went with the long flags.
    assert!(matches!(
        try_parse::<Odd, _>(program, ["-h"]),
        Err(ArgsError::UnexpectedArgument { .. })
    ));
}

#[test]
fn several_functions_dispatch_on_the_subcommand() {
    assert_eq!(
        Run::from_args(["backup", "--paths", "/a,/b"]),
        Ok(Run::Backup(PvcBackup {
            paths: vec!["/a".into(), "/b".into()]
        }))
    );
    assert_eq!(
        Run::from_args(["restore", "--snapshot=s"]),
        Ok(Run::Restore(PvcRestore {
            snapshot: "s".into()
        }))
    );
    // Each subcommand has its own flags.
    let err = Run::from_args(["restore", "--paths=/a"]).unwrap_err();
    assert!(
        matches!(&err, ArgsError::UnknownFlag { flag, known, .. } if flag == "paths" && known == &["snapshot"]),
        "{err:?}"
    );
}

#[test]
fn subcommand_errors() {
    let expected = vec!["backup".to_string(), "restore".to_string()];
    let err = Run::from_args(Vec::<String>::new()).unwrap_err();
    assert_eq!(
        err,
        ArgsError::MissingSubcommand {
            expected: expected.clone()
        }
    );
    assert_eq!(
        err.to_string(),
        "missing the subcommand `backup` or `restore`: it must be the first argument"
    );
    assert_eq!(
        Run::from_args(["restor"]),
        Err(ArgsError::WrongSubcommand {
            expected: expected.clone(),
            found: "restor".into(),
            suggestion: Some("restore".into()),
        })
    );
    // A flag before the subcommand: the first argument is not a subcommand.
    assert_eq!(
        Run::from_args(["--paths=/a", "backup"]),
        Err(ArgsError::WrongSubcommand {
            expected,
            found: "--paths=/a".into(),
            suggestion: None,
        })
    );
    let help = Run::from_args(["--help"]).unwrap_err().to_string();
    assert!(
        help.contains("  backup   Runs the Function `pvc-backup`\n"),
        "{help}"
    );
    let help = Run::from_args(["backup", "--help"])
        .unwrap_err()
        .to_string();
    assert!(
        help.contains("--paths <paths>\n          Paths to back up.\n"),
        "{help}"
    );
}

#[test]
fn one_function_without_a_subcommand_in_the_macro() {
    let run = Single::from_args(["--wait-timeout", "5"]).unwrap();
    assert_eq!(
        run,
        Single::Vault(VaultBackup {
            wait_timeout: 5,
            ..vault_default()
        })
    );
    assert_eq!(Single::from_args(run.to_args()), Ok(run));
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error() {
    use std::os::unix::ffi::OsStringExt;

    let arg = OsString::from_vec(b"--pg-args=\xff".to_vec());
    let err = try_parse::<VaultBackup, _>(Program::new("v"), [arg]).unwrap_err();
    assert!(
        matches!(&err, ArgsError::Usage { message } if message.contains("invalid UTF-8")),
        "{err:?}"
    );
}

#[test]
fn the_round_trip_holds_for_the_defaults() {
    let v = vault_default();
    assert_eq!(vault(&[]), Ok(v));
    let v = VaultBackup {
        namespace: "-n".into(),
        wait_timeout: 0,
        offset: i64::MIN,
        pg_args: Some("--a=b --c".into()),
        paths: vec!["=".into(), "-".into()],
    };
    assert_eq!(VaultBackup::from_args(v.to_args()), Ok(v));
}

#[test]
#[should_panic(expected = "each needs a subcommand")]
fn several_functions_need_subcommands() {
    check_subcommands(&[Some("backup"), None]);
}

#[test]
#[should_panic(expected = "the same subcommand")]
fn subcommands_differ() {
    check_subcommands(&[Some("backup"), Some("restore"), Some("backup")]);
}

#[test]
fn one_function_needs_no_subcommand() {
    check_subcommands(&[None]);
    check_subcommands(&[Some("backup"), Some("backups")]);
}
