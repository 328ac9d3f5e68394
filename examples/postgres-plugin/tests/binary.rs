//! The plugin binary, run as the operator runs it.

use std::process::Command;

use function_core::PluginFunction;
use postgres_plugin::{PostgresBackup, PostgresRestore};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_postgres-plugin"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn backup_prints_its_plan() {
    let (code, stdout, stderr) = run(&[
        "backup",
        "--namespace=demo",
        "--backupsession=daily-1",
        "--enable-cache=false",
        "--scratch-dir=/kubestash-tmp",
        "--wait-timeout=60",
        "--pg-args=--clean",
        "--backup-cmd=pg_dumpall",
        "--databases=",
        "--user=postgres",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "wait up to 60s for the database in namespace `demo` to accept connections\n\
         pg_dumpall --username=postgres --clean | restic backup --stdin \
         --stdin-filename=dumpfile.sql --no-cache\n\
         report the snapshots to BackupSession `daily-1`\n"
    );
}

#[test]
fn restore_prints_its_plan() {
    let (code, stdout, _) = run(&["restore", "--snapshot", "s-42", "--restoresession=r-1"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "wait up to 300s for the database in namespace `default` to accept connections\n\
         restic dump s-42 dumpfile.sql --cache-dir=/kubestash-tmp/restic-cache | psql \
         --username=$POSTGRES_USER\n\
         report the result to RestoreSession `r-1`\n"
    );
}

/// Each usage error: status 2, nothing on stdout, clap's message on stderr (its first line
/// here), then the usage line of the command that failed.
#[test]
fn usage_errors_exit_2_with_clap_s_message() {
    for (args, first_line, more) in [
        (
            &["backup", "--wait-timeout=soon"][..],
            "error: invalid value `soon` for `--wait-timeout`: expected u32 (invalid digit found \
             in string)",
            "Usage: postgres-plugin backup [OPTIONS]",
        ),
        (
            &["backup", "--backup-cmd=pg_basebackup"][..],
            "error: invalid value `pg_basebackup` for `--backup-cmd`: expected DumpTool \
             (`pg_basebackup` is neither pg_dumpall nor pg_dump)",
            "Usage: postgres-plugin backup [OPTIONS]",
        ),
        (
            &["backup", "--wait-timout=60"][..],
            "error: unexpected argument '--wait-timout' found",
            "tip: a similar argument exists: '--wait-timeout'",
        ),
        (
            &["restore", "--snapshot=a", "--snapshot", "b"][..],
            "error: the argument '--snapshot <snapshot>' cannot be used multiple times",
            "Usage: postgres-plugin restore [OPTIONS]",
        ),
        (
            &["restore", "--snapshot", "--user=postgres"][..],
            "error: a value is required for '--snapshot <snapshot>' but none was supplied",
            "For more information, try '--help'.",
        ),
        (
            // A value that starts with `--` needs `--pg-args=--clean`.
            &["backup", "--pg-args", "--clean"][..],
            "error: the flag `--pg-args` has no value: write `--pg-args=VALUE` or `--pg-args \
             VALUE`",
            "Usage: postgres-plugin backup [OPTIONS]",
        ),
        (
            &["restore", "latest"][..],
            "error: unexpected argument 'latest' found",
            "Usage: postgres-plugin restore [OPTIONS]",
        ),
        (
            &["verify"][..],
            "error: unrecognized subcommand 'verify'",
            "Usage: postgres-plugin <COMMAND>",
        ),
        (
            &["bakup"][..],
            "error: unrecognized subcommand 'bakup'",
            "tip: a similar subcommand exists: 'backup'",
        ),
        (
            &[][..],
            "error: 'postgres-plugin' requires a subcommand but one was not provided",
            "[subcommands: backup, restore]",
        ),
        (
            // `--version` belongs to the binary, not to a subcommand.
            &["backup", "--version"][..],
            "error: unexpected argument '--version' found",
            "Usage: postgres-plugin backup [OPTIONS]",
        ),
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().next(),
            Some(first_line),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains(more), "{args:?}: {stderr}");
    }
}

#[test]
fn version_is_the_binary_s_own() {
    for flag in ["--version", "-V"] {
        let (code, stdout, stderr) = run(&[flag]);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (
                0,
                concat!("postgres-plugin ", env!("CARGO_PKG_VERSION"), "\n"),
                ""
            )
        );
    }
}

#[test]
fn help_of_the_binary_lists_the_subcommands() {
    let (code, stdout, stderr) = run(&["--help"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("help", stdout);
    assert!(stdout.starts_with(env!("CARGO_PKG_DESCRIPTION")));
}

#[test]
fn help_of_each_subcommand() {
    for subcommand in ["backup", "restore"] {
        let (code, stdout, stderr) = run(&[subcommand, "--help"]);
        assert_eq!((code, stderr.as_str()), (0, ""));
        insta::assert_snapshot!(format!("help_{subcommand}"), stdout);
        // `-h` is the short form: the same flags, one line each.
        let (code, short, _) = run(&[subcommand, "-h"]);
        assert_eq!(code, 0);
        assert!(short.len() < stdout.len());
    }
}

/// Help cannot disagree with the manifest: every argument of each Function's `args` template
/// (`--flag=${var:=default}`) is in `--help` with its variable and default, and every
/// parameter's usage is there too.
#[test]
fn help_agrees_with_the_manifest() {
    fn check<T: PluginFunction>() {
        let manifest = T::manifest();
        let subcommand = manifest.spec.args[0].clone();
        let (code, help, _) = run(&[&subcommand, "--help"]);
        assert_eq!(code, 0);
        for arg in &manifest.spec.args[1..] {
            let (flag, rest) = arg.split_once("=${").expect("--flag=${var:=default}");
            let (var, default) = rest
                .strip_suffix('}')
                .and_then(|r| r.split_once(":="))
                .expect("var:=default");
            // The flag's line, its usage and its facts, up to the blank line.
            let heading = format!("      {flag} <{var}>\n");
            let at = help
                .find(&heading)
                .unwrap_or_else(|| panic!("`{flag} <{var}>` is not in:\n{help}"));
            let entry = help[at..].split("\n\n").next().unwrap_or_default();
            assert!(entry.contains(&format!("variable: {var}]")), "{entry}");
            if default.is_empty() {
                assert!(!entry.contains("[default:"), "{entry}");
            } else {
                assert!(entry.contains(&format!("[default: {default}]")), "{entry}");
            }
        }
        for param in T::parameters() {
            assert!(help.contains(&param.usage), "{}", param.usage);
        }
        // Built-ins are told apart.
        assert!(help.contains("[built-in variable: namespace]"), "{help}");
    }
    check::<PostgresBackup>();
    check::<PostgresRestore>();
}
