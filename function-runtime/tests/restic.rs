//! The restic driver against a real restic (Debian's, installed by `scripts/restic.sh`) and a
//! local repository: init when missing, backup of paths and of a command's stdout, check,
//! stats, restore byte for byte, dump into a command, and the errors (wrong password, no
//! restic, a failing command, an unwritable repository, a deadline).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use function_runtime::Error;
use function_runtime::backend::Location;
use function_runtime::restic::{Restic, Sink, Source};
use tokio::time::Instant;

fn require_restic() {
    let ok = Command::new(std::env::var_os("RESTIC_BIN").unwrap_or_else(|| "restic".into()))
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "restic is not installed: run `bash scripts/restic.sh` (these tests need it)"
    );
}

fn local(repo: &Path) -> Location {
    Location {
        repository: repo.display().to_string(),
        provider: "local",
        ..Default::default()
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn tree(root: &Path) {
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    std::fs::write(root.join("a.txt"), "hello\n").unwrap();
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(root.join("sub/b.bin"), &bytes).unwrap();
    std::fs::write(root.join("sub/deeper/skip.log"), "left out\n").unwrap();
}

#[test]
fn init_backup_check_stats_restore() {
    require_restic();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    tree(&data);
    let repo = dir.path().join("repo");
    let restic = Restic::new(
        &local(&repo),
        "secret",
        &dir.path().join("scratch"),
        true,
        None,
    )
    .unwrap();
    rt().block_on(async {
        restic.ensure_repository().await.unwrap();
        assert!(repo.join("config").is_file(), "init made the repository");
        restic.ensure_repository().await.unwrap();
        restic.unlock().await.unwrap();
        let mut seen = 0;
        let source = Source::Paths {
            paths: vec![data.clone()],
            exclude: vec!["*.log".into()],
        };
        let summary = restic.backup(&source, "dump", |_| seen += 1).await.unwrap();
        assert!(!summary.snapshot_id.is_empty());
        assert_eq!(
            summary.total_files_processed, 2,
            "the *.log file is excluded"
        );
        assert_eq!(summary.total_bytes_processed, 200_006);
        assert!(seen >= 1, "at least one status line");
        restic.check().await.unwrap();
        let size = restic.stats().await.unwrap();
        assert!(size > 0);
        assert!(
            dir.path().join("scratch/restic-cache").is_dir(),
            "the cache is under the scratch dir"
        );

        let out = dir.path().join("out");
        restic
            .restore(&summary.snapshot_id, &Sink::Dir(out.clone()))
            .await
            .unwrap();
        let restored = out.join(data.strip_prefix("/").unwrap());
        assert_eq!(
            std::fs::read(restored.join("sub/b.bin")).unwrap(),
            std::fs::read(data.join("sub/b.bin")).unwrap()
        );
        assert_eq!(
            std::fs::read_to_string(restored.join("a.txt")).unwrap(),
            "hello\n"
        );
        assert!(!restored.join("sub/deeper/skip.log").exists());
    });
}

#[test]
fn stdin_backup_and_dump_into_a_command() {
    require_restic();
    let dir = tempfile::tempdir().unwrap();
    let restic = Restic::new(
        &local(&dir.path().join("repo")),
        "pw",
        &dir.path().join("s"),
        false,
        None,
    )
    .unwrap();
    let copy = dir.path().join("copy.sql");
    rt().block_on(async {
        restic.ensure_repository().await.unwrap();
        let source = Source::Stdin {
            command: vec![
                "sh".into(),
                "-c".into(),
                "printf 'CREATE TABLE t;\\n%.0s' $(seq 1 500)".into(),
            ],
            filename: "dump.sql".into(),
        };
        assert_eq!(source.host_path(), "dump.sql");
        let summary = restic.backup(&source, "dump", |_| {}).await.unwrap();
        assert_eq!(summary.total_bytes_processed, 500 * 16);
        let sink = Sink::Stdin {
            filename: "dump.sql".into(),
            command: vec![
                "sh".into(),
                "-c".into(),
                format!("cat > {}", copy.display()).into(),
            ],
        };
        restic.restore(&summary.snapshot_id, &sink).await.unwrap();
    });
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "CREATE TABLE t;\n".repeat(500)
    );
}

#[test]
fn errors_name_their_cause() {
    require_restic();
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let scratch = dir.path().join("s");
    rt().block_on(async {
        let good = Restic::new(&local(&repo), "right", &scratch, false, None).unwrap();
        good.ensure_repository().await.unwrap();

        // A wrong password is an error with restic's own words, never a reason to init.
        let bad = Restic::new(&local(&repo), "wrong", &scratch, false, None).unwrap();
        let err = bad.ensure_repository().await.unwrap_err();
        assert!(matches!(err, Error::Restic { .. }), "{err:?}");
        assert!(err.to_string().contains("wrong password"), "{err}");

        // No restic binary.
        let none = Restic::new(&local(&repo), "right", &scratch, false, None)
            .unwrap()
            .with_binary("/nonexistent/restic");
        let err = none.ensure_repository().await.unwrap_err();
        assert!(
            err.to_string()
                .starts_with("restic not found: `/nonexistent/restic`"),
            "{err}"
        );

        // A repository under a regular file cannot be created.
        std::fs::write(dir.path().join("file"), "").unwrap();
        let unreachable = Restic::new(
            &local(&dir.path().join("file/repo")),
            "x",
            &scratch,
            false,
            None,
        )
        .unwrap();
        let err = unreachable.ensure_repository().await.unwrap_err();
        assert!(
            err.to_string().contains("unable to open repository"),
            "{err}"
        );
        assert!(err.to_string().contains("not a directory"), "{err}");

        // The producer of --stdin fails: its status and stderr are the error.
        let source = Source::Stdin {
            command: vec![
                "sh".into(),
                "-c".into(),
                "echo 'dump: access denied' >&2; exit 3".into(),
            ],
            filename: "dump.sql".into(),
        };
        let err = good.backup(&source, "dump", |_| {}).await.unwrap_err();
        assert!(err.to_string().contains("the command `sh -c"), "{err}");
        assert!(err.to_string().contains("dump: access denied"), "{err}");

        // A deadline kills a run that outlives it.
        let late = Restic::new(
            &local(&repo),
            "right",
            &scratch,
            false,
            Some(Instant::now() + Duration::from_millis(300)),
        )
        .unwrap();
        let source = Source::Stdin {
            command: vec!["sleep".into(), "5".into()],
            filename: "slow".into(),
        };
        let err = late.backup(&source, "dump", |_| {}).await.unwrap_err();
        assert!(
            err.to_string()
                .starts_with("deadline exceeded: restic backup"),
            "{err}"
        );
    });
}
