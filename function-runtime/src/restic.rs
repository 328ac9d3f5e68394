//! The restic driver: restic run as a subprocess, the way upstream's wrapper
//! (gomodules.xyz/restic) runs it, with its `--json` output parsed.
//!
//! The binary is `$RESTIC_BIN`, else `restic` on `PATH` (`scripts/restic.sh` installs Debian's
//! package). Every run gets `RESTIC_REPOSITORY`, `RESTIC_PASSWORD`, the backend's credentials,
//! `TMPDIR=<scratch>` and `--cache-dir <scratch>/restic-cache` (or `--no-cache`); a run past
//! the session's deadline is killed. A failure carries restic's own stderr.
//!
//! Checked against restic 0.14 (Debian 12): `backup --json` prints `status` lines
//! (`percent_done`, `total_files`, `files_done`, `total_bytes`, `bytes_done`,
//! `seconds_elapsed`) and one `summary` (`snapshot_id`, `data_added`,
//! `total_bytes_processed`, `total_duration`); `stats --json --mode raw-data` prints
//! `total_size`; `restore` prints no JSON (its progress is not reported).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::Instant;

use crate::Error;
use crate::backend::{FileUse, Location};

/// How long the driver waits between two looks at a live exclusive lock.
const LOCK_POLL: Duration = Duration::from_secs(2);

/// What a backup reads.
#[derive(Debug)]
pub enum Source {
    /// Files and directories, with restic `--exclude` patterns.
    Paths {
        /// What to back up.
        paths: Vec<PathBuf>,
        /// Patterns to leave out.
        exclude: Vec<String>,
    },
    /// A command's standard output, stored as one file named `filename`
    /// (`restic backup --stdin --stdin-filename`).
    Stdin {
        /// The program and its arguments.
        command: Vec<OsString>,
        /// The file name the data gets in the snapshot.
        filename: String,
    },
}

impl Source {
    /// What `resticStats[].summary.hostPath` says the backup was of.
    pub fn host_path(&self) -> String {
        match self {
            Source::Paths { paths, .. } => paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(","),
            Source::Stdin { filename, .. } => filename.clone(),
        }
    }
}

/// Where a restore writes.
#[derive(Debug)]
pub enum Sink {
    /// `restic restore ID --target DIR` (`/` puts the files back where they were).
    Dir(PathBuf),
    /// `restic dump ID FILE | COMMAND`.
    Stdin {
        /// The file of the snapshot to dump.
        filename: String,
        /// The program and its arguments, fed the file on standard input.
        command: Vec<OsString>,
    },
}

/// One `status` line of `restic backup --json`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Progress {
    /// Seconds since the start.
    #[serde(default)]
    pub seconds_elapsed: u64,
    /// 0..=1.
    #[serde(default)]
    pub percent_done: f64,
    /// Files to process.
    #[serde(default)]
    pub total_files: u64,
    /// Files processed.
    #[serde(default)]
    pub files_done: u64,
    /// Bytes to process.
    #[serde(default)]
    pub total_bytes: u64,
    /// Bytes processed.
    #[serde(default)]
    pub bytes_done: u64,
}

/// The `summary` line of `restic backup --json`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Summary {
    /// The snapshot made (restic 0.14 prints its short id).
    pub snapshot_id: String,
    /// Bytes added to the repository.
    #[serde(default)]
    pub data_added: u64,
    /// Files processed.
    #[serde(default)]
    pub total_files_processed: u64,
    /// Bytes processed.
    #[serde(default)]
    pub total_bytes_processed: u64,
    /// Seconds.
    #[serde(default)]
    pub total_duration: f64,
}

/// restic, set up for one repository.
#[derive(Debug)]
pub struct Restic {
    bin: OsString,
    env: Vec<(String, OsString)>,
    global: Vec<OsString>,
    deadline: Option<Instant>,
}

impl Restic {
    /// restic for the repository at `location`, with `password`, its files and cache under
    /// `scratch` (created when missing), and every run killed at `deadline`.
    pub fn new(
        location: &Location,
        password: &str,
        scratch: &Path,
        enable_cache: bool,
        deadline: Option<Instant>,
    ) -> Result<Self, Error> {
        std::fs::create_dir_all(scratch).map_err(|e| {
            Error::Config(format!(
                "cannot create the scratch directory {}: {e}",
                scratch.display()
            ))
        })?;
        let bin = std::env::var_os("RESTIC_BIN").unwrap_or_else(|| "restic".into());
        let mut env: Vec<(String, OsString)> = vec![
            (
                "RESTIC_REPOSITORY".into(),
                location.repository.clone().into(),
            ),
            ("RESTIC_PASSWORD".into(), password.into()),
            ("TMPDIR".into(), scratch.into()),
        ];
        env.extend(location.env.iter().map(|(k, v)| (k.clone(), v.into())));
        let mut global: Vec<OsString> = Vec::new();
        if enable_cache {
            global.push("--cache-dir".into());
            global.push(scratch.join("restic-cache").into());
        } else {
            global.push("--no-cache".into());
        }
        for (name, content, usage) in &location.files {
            let path = scratch.join(name);
            std::fs::write(&path, content)
                .map_err(|e| Error::Config(format!("cannot write {}: {e}", path.display())))?;
            match usage {
                FileUse::CaCert => {
                    global.push("--cacert".into());
                    global.push(path.into());
                }
                FileUse::GoogleCredentials => {
                    env.push(("GOOGLE_APPLICATION_CREDENTIALS".into(), path.into()));
                }
            }
        }
        global.extend(location.flags.iter().map(OsString::from));
        Ok(Restic {
            bin,
            env,
            global,
            deadline,
        })
    }

    /// The same, running `bin` instead of `$RESTIC_BIN` / `restic`.
    pub fn with_binary(mut self, bin: impl Into<OsString>) -> Self {
        self.bin = bin.into();
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.args(&self.global)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        cmd
    }

    fn spawn(&self, mut cmd: Command) -> Result<Child, Error> {
        cmd.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::ResticMissing(PathBuf::from(&self.bin))
            } else {
                Error::Config(format!(
                    "cannot run {}: {e}",
                    PathBuf::from(&self.bin).display()
                ))
            }
        })
    }

    /// Waits for `fut` until the deadline; past it, `Error::Deadline` naming `what`.
    async fn until_deadline<T>(
        &self,
        what: &str,
        fut: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match self.deadline {
            None => fut.await,
            Some(at) => match tokio::time::timeout_at(at, fut).await {
                Ok(r) => r,
                Err(_) => Err(Error::Deadline(format!("restic {what} was still running"))),
            },
        }
    }

    /// Runs restic with `args` to its end: its stdout, or its failure with stderr.
    async fn run(&self, action: &str, args: &[&str]) -> Result<String, Error> {
        let child = self.spawn(self.command(args))?;
        self.until_deadline(action, async {
            let out = child
                .wait_with_output()
                .await
                .map_err(|e| Error::Config(format!("restic {action}: {e}")))?;
            if out.status.success() {
                Ok(String::from_utf8_lossy(&out.stdout).into_owned())
            } else {
                Err(Error::restic(action, out.status, &out.stderr))
            }
        })
        .await
    }

    /// `restic snapshots --json --no-lock`, and `restic init` when there is no repository
    /// there yet. A wrong password is an error (never a reason to init).
    pub async fn ensure_repository(&self) -> Result<(), Error> {
        match self
            .run("snapshots", &["snapshots", "--json", "--no-lock"])
            .await
        {
            Ok(_) => Ok(()),
            Err(Error::Restic { stderr, .. })
                if stderr.contains("unable to open config file")
                    || stderr.contains("Is there a repository at the following location?") =>
            {
                self.run("init", &["init"]).await.map(drop)
            }
            Err(e) => Err(e),
        }
    }

    /// Removes stale locks (`restic unlock`), then waits while a live exclusive lock remains.
    pub async fn unlock(&self) -> Result<(), Error> {
        self.run("unlock", &["unlock"]).await?;
        loop {
            let ids = self
                .run("list locks", &["list", "locks", "--no-lock"])
                .await?;
            let mut exclusive = false;
            for id in ids.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let lock = self
                    .run("cat lock", &["cat", "lock", id, "--no-lock"])
                    .await?;
                let lock: serde_json::Value = serde_json::from_str(&lock).unwrap_or_default();
                exclusive |= lock["exclusive"].as_bool().unwrap_or(false);
            }
            if !exclusive {
                return Ok(());
            }
            if self
                .deadline
                .is_some_and(|d| Instant::now() + LOCK_POLL >= d)
            {
                return Err(Error::Deadline(
                    "the repository is still locked exclusively by another restic".into(),
                ));
            }
            tokio::time::sleep(LOCK_POLL).await;
        }
    }

    /// `restic backup` of `source` with `--host HOST`; `on_progress` sees each status line.
    pub async fn backup(
        &self,
        source: &Source,
        host: &str,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<Summary, Error> {
        let mut args: Vec<String> = vec![
            "backup".into(),
            "--json".into(),
            "--host".into(),
            host.into(),
        ];
        let mut producer = None;
        let cmd = match source {
            Source::Paths { paths, exclude } => {
                for pattern in exclude {
                    args.push("--exclude".into());
                    args.push(pattern.clone());
                }
                args.push("--".into());
                args.extend(paths.iter().map(|p| p.display().to_string()));
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                self.command(&refs)
            }
            Source::Stdin { command, filename } => {
                args.extend([
                    "--stdin".into(),
                    "--stdin-filename".into(),
                    filename.clone(),
                ]);
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let mut cmd = self.command(&refs);
                let mut child = spawn_user(command, Stdio::null(), Stdio::piped())?;
                let stdout = child.stdout.take().expect("piped");
                let stdin: Stdio = stdout.try_into().map_err(|e| {
                    Error::Config(format!("cannot pipe the command into restic: {e}"))
                })?;
                cmd.stdin(stdin);
                producer = Some((command, child));
                cmd
            }
        };
        let mut child = self.spawn(cmd)?;
        self.until_deadline("backup", async {
            let stdout = child.stdout.take().expect("piped");
            let stderr = child.stderr.take().expect("piped");
            let err_task = tokio::spawn(read_all(stderr));
            let mut lines = BufReader::new(stdout).lines();
            let mut summary = None;
            while let Some(line) = lines
                .next_line()
                .await
                .map_err(|e| Error::Config(format!("reading restic's output: {e}")))?
            {
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                match value["message_type"].as_str() {
                    Some("status") => {
                        if let Ok(p) = serde_json::from_value::<Progress>(value) {
                            on_progress(p);
                        }
                    }
                    Some("summary") => summary = serde_json::from_value::<Summary>(value).ok(),
                    _ => {}
                }
            }
            let status = child
                .wait()
                .await
                .map_err(|e| Error::Config(format!("restic backup: {e}")))?;
            let stderr = err_task.await.unwrap_or_default();
            if let Some((command, producer)) = producer.take() {
                check_user(command, producer).await?;
            }
            if !status.success() {
                return Err(Error::restic("backup", status, &stderr));
            }
            summary.ok_or_else(|| Error::Config("restic backup printed no summary line".into()))
        })
        .await
    }

    /// `restic check --no-lock`: Ok when the repository is sound.
    pub async fn check(&self) -> Result<(), Error> {
        self.run("check", &["check", "--no-lock"]).await.map(drop)
    }

    /// `restic stats --json --mode raw-data`: the repository's size in bytes.
    pub async fn stats(&self) -> Result<u64, Error> {
        let out = self
            .run(
                "stats",
                &["stats", "--json", "--mode", "raw-data", "--no-lock"],
            )
            .await?;
        let value: serde_json::Value = serde_json::from_str(out.trim())
            .map_err(|e| Error::Config(format!("restic stats printed no JSON ({e}): {out}")))?;
        value["total_size"]
            .as_u64()
            .ok_or_else(|| Error::Config(format!("restic stats printed no total_size: {out}")))
    }

    /// Restores snapshot `id` into `sink`.
    pub async fn restore(&self, id: &str, sink: &Sink) -> Result<(), Error> {
        match sink {
            Sink::Dir(dir) => {
                let target = dir.display().to_string();
                self.run("restore", &["restore", id, "--target", &target])
                    .await
                    .map(drop)
            }
            Sink::Stdin { filename, command } => {
                let mut cmd = self.command(&["dump", id, filename]);
                cmd.stdout(Stdio::piped());
                let mut child = self.spawn(cmd)?;
                let stdout = child.stdout.take().expect("piped");
                let stdin: Stdio = stdout.try_into().map_err(|e| {
                    Error::Config(format!("cannot pipe restic into the command: {e}"))
                })?;
                let consumer = spawn_user(command, stdin, Stdio::null())?;
                self.until_deadline("dump", async {
                    let out = child
                        .wait_with_output()
                        .await
                        .map_err(|e| Error::Config(format!("restic dump: {e}")))?;
                    check_user(command, consumer).await?;
                    if out.status.success() {
                        Ok(())
                    } else {
                        Err(Error::restic("dump", out.status, &out.stderr))
                    }
                })
                .await
            }
        }
    }
}

fn spawn_user(command: &[OsString], stdin: Stdio, stdout: Stdio) -> Result<Child, Error> {
    let Some((program, args)) = command.split_first() else {
        return Err(Error::Config("the command to run is empty".into()));
    };
    Command::new(program)
        .args(args)
        .stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Error::Command {
            command: show(command),
            message: e.to_string(),
        })
}

async fn check_user(command: &[OsString], child: Child) -> Result<(), Error> {
    let out = child.wait_with_output().await.map_err(|e| Error::Command {
        command: show(command),
        message: e.to_string(),
    })?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Command {
        command: show(command),
        message: format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
    })
}

fn show(command: &[OsString]) -> String {
    command
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn read_all(mut r: impl AsyncRead + Unpin) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = r.read_to_end(&mut buf).await;
    buf
}
