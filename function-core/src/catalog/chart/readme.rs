//! The chart's `README.md`: the Functions, the Addons and the values.

use std::fmt::Write;

use super::{HEADER_TEXT, Node, one_line};
use crate::catalog::Catalog;
use crate::catalog::analyze::{Analysis, app_of};
use crate::yaml::Object;

/// Markdown code span for any text.
pub(super) fn code(s: &str) -> String {
    let s = one_line(s).replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if s.starts_with('`') || s.ends_with('`') {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// Markdown table cell text.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

pub(super) fn readme(catalog: &Catalog, analysis: &Analysis, tree: &Node) -> String {
    let name = &catalog.name;
    let mut out = format!("<!-- {HEADER_TEXT} -->\n# {name}\n\n");
    if let Some(d) = &catalog.description {
        let _ = writeln!(out, "{}\n", one_line(d));
    }
    let _ = write!(out, "Chart version {}", code(&catalog.version));
    if let Some(v) = &catalog.app_version {
        let _ = write!(out, ", app version {}", code(v));
    }
    if let Some(v) = &catalog.kube_version {
        let _ = write!(out, ", Kubernetes {}", code(v));
    }
    // The chart's folder is wherever it was written (`chart/` beside a plugin's Cargo.toml, the
    // CLI's `--out`), so the command names it relative to itself: it works pasted in the folder
    // that holds this README.
    let _ = write!(
        out,
        ".\n\nInstall it from this folder (the one that holds this README and `Chart.yaml`):\n\n\
         ```sh\nhelm install {name} .\n```\n\n"
    );
    out.push_str("## Functions\n\n| Function | App | Image |\n|---|---|---|\n");
    for f in catalog.objects().iter().filter_map(Object::as_function) {
        let fname = f.metadata.name.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            code(fname),
            code(app_of(fname)),
            if f.spec.image.is_empty() {
                String::new()
            } else {
                code(&f.spec.image)
            }
        );
    }
    out.push_str(
        "\n## Addons\n\n| Addon | App | Backup tasks | Restore tasks |\n|---|---|---|---|\n",
    );
    for a in catalog.objects().iter().filter_map(Object::as_addon) {
        let aname = a.metadata.name.as_deref().unwrap_or_default();
        let tasks = |tasks: &[crate::api::Task]| {
            tasks
                .iter()
                .map(|t| format!("{} ({})", code(&t.name), cell(&t.function)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(aname),
            code(app_of(aname)),
            tasks(&a.spec.backup_tasks),
            tasks(&a.spec.restore_tasks)
        );
    }
    out.push_str("\n## Values\n\n| Key | Default | Description |\n|---|---|---|\n");
    fn rows(out: &mut String, prefix: &str, children: &[(String, Node)]) {
        for (key, node) in children {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match node {
                Node::Leaf { comment, yaml, .. } => {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        code(&path),
                        code(yaml),
                        cell(comment)
                    );
                }
                Node::Map { children, .. } => rows(out, &path, children),
            }
        }
    }
    if let Node::Map { children, .. } = tree {
        rows(&mut out, "", children);
    }
    let _ = analysis;
    out
}
