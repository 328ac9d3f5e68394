//! What the plugin would do for an [`Invocation`]: the steps, as lines of text. The example
//! binary prints them instead of running anything.

use crate::{DumpTool, Invocation, PostgresBackup, PostgresRestore};

/// The steps of a run, in order.
///
/// ```
/// use postgres_plugin::{plan::steps, Invocation};
///
/// let run = Invocation::from_args(["backup", "--namespace=demo", "--backupsession=daily-1"]).unwrap();
/// let steps = steps(&run);
/// assert_eq!(steps[0], "wait up to 300s for the database in namespace `demo` to accept connections");
/// assert!(steps[1].starts_with("pg_dumpall"));
/// ```
pub fn steps(run: &Invocation) -> Vec<String> {
    match run {
        Invocation::Backup(b) => backup(b),
        Invocation::Restore(r) => restore(r),
    }
}

fn user_flag(user: &Option<String>) -> String {
    match user {
        Some(user) => format!(" --username={user}"),
        None => " --username=$POSTGRES_USER".into(),
    }
}

fn extra(pg_args: &Option<String>) -> String {
    pg_args
        .as_deref()
        .map(|a| format!(" {a}"))
        .unwrap_or_default()
}

fn cache(enable_cache: bool, scratch_dir: &std::path::Path) -> String {
    if enable_cache {
        format!("--cache-dir={}/restic-cache", scratch_dir.display())
    } else {
        "--no-cache".into()
    }
}

fn backup(b: &PostgresBackup) -> Vec<String> {
    let mut steps = vec![format!(
        "wait up to {}s for the database in namespace `{}` to accept connections",
        b.wait_timeout, b.namespace
    )];
    let restic = format!(
        "restic backup --stdin --stdin-filename=dumpfile.sql {}",
        cache(b.enable_cache, &b.scratch_dir)
    );
    match b.backup_cmd {
        DumpTool::PgDumpall => steps.push(format!(
            "pg_dumpall{}{} | {restic}",
            user_flag(&b.user),
            extra(&b.pg_args)
        )),
        DumpTool::PgDump if b.databases.is_empty() => {
            steps.push("nothing to dump: pg_dump needs --databases".into())
        }
        DumpTool::PgDump => {
            for db in &b.databases {
                steps.push(format!(
                    "pg_dump{}{} --dbname={db} | {restic}",
                    user_flag(&b.user),
                    extra(&b.pg_args)
                ));
            }
        }
    }
    steps.push(format!(
        "report the snapshots to BackupSession `{}`",
        b.backup_session
    ));
    steps
}

fn restore(r: &PostgresRestore) -> Vec<String> {
    vec![
        format!(
            "wait up to {}s for the database in namespace `{}` to accept connections",
            r.wait_timeout, r.namespace
        ),
        format!(
            "restic dump {} dumpfile.sql {} | psql{}{}",
            r.snapshot,
            cache(r.enable_cache, &r.scratch_dir),
            user_flag(&r.user),
            extra(&r.pg_args)
        ),
        format!(
            "report the result to RestoreSession `{}`",
            r.restore_session
        ),
    ]
}
