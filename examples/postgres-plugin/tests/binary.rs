//! The plugin binary, run as the operator runs it.

use std::process::Command;

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

#[test]
fn bad_arguments_exit_2_with_the_parsers_message() {
    for (args, message) in [
        (
            &["backup", "--wait-timeout=soon"][..],
            "error: invalid value `soon` for `--wait-timeout`: expected u32 (invalid digit found \
             in string)\n",
        ),
        (
            &["backup", "--backup-cmd=pg_basebackup"][..],
            "error: invalid value `pg_basebackup` for `--backup-cmd`: expected DumpTool \
             (`pg_basebackup` is neither pg_dumpall nor pg_dump)\n",
        ),
        (
            &["restore", "--snapshot=a", "--snapshot=b"][..],
            "error: the flag `--snapshot` is given more than once\n",
        ),
        (
            &["verify"][..],
            "error: unknown subcommand `verify`: expected `backup` or `restore`\n",
        ),
        (
            &[][..],
            "error: missing the subcommand: expected `backup` or `restore`\n",
        ),
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (2, "", message),
            "{args:?}"
        );
    }
}
