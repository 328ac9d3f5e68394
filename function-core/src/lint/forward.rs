//! Tomorrow's catalogs: the values and fields of a later upstream that this version reads
//! without knowing them (KSF0108 `unknown-value`, KSF0109 `unknown-field`).
//!
//! A driver or executor this version does not know is kept as written
//! ([`Driver::Other`](crate::api::Driver::Other)); a field it does not know is dropped when read
//! ([`yaml::Options::prune_unknown`](crate::yaml::Options::prune_unknown)), and the reader's
//! warning about it is kept by [`Files`](super::Files) to be reported here.

use super::{Code, Diagnostic, Document, Input, Site, diagnostic};
use crate::api::{Driver, Task, TaskExecutor, UPSTREAM_COMMIT};
use crate::yaml::{FieldPath, Object, SourceMap, Warning};

/// A KSF0108 for each driver or executor of a task that this version does not know.
pub(super) fn values(inputs: &[Input<'_>]) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let Object::Addon(addon) = input.object else {
            continue;
        };
        let lists: [(&str, &[Task]); 2] = [
            ("backupTasks", &addon.spec.backup_tasks),
            ("restoreTasks", &addon.spec.restore_tasks),
        ];
        for (key, tasks) in lists {
            for (t, task) in tasks.iter().enumerate() {
                let path = FieldPath::root().key("spec").key(key).index(t);
                let found = [
                    task.driver
                        .as_ref()
                        .filter(|d| !d.is_known())
                        .map(|d| ("driver", d.as_str(), Driver::NAMES)),
                    task.executor
                        .as_ref()
                        .filter(|e| !e.is_known())
                        .map(|e| ("executor", e.as_str(), TaskExecutor::NAMES)),
                ];
                for (field, value, known) in found.into_iter().flatten() {
                    let d = diagnostic(
                        input,
                        Code::UnknownValue,
                        &Site::field(path.clone().key(field)),
                        format!(
                            "{field} `{value}` is not one this version knows ({})",
                            known.join(", ")
                        ),
                        Some(format!(
                            "kept as written; an API server whose Addon CRD does not list \
                             `{value}` refuses the object: install the CRD of the KubeStash \
                             release that has it (this version's is kubestash/apimachinery @ \
                             {UPSTREAM_COMMIT})"
                        )),
                    );
                    out.push((i, d));
                }
            }
        }
    }
    out
}

/// A KSF0109 for each field the reader dropped: `pruned` holds the reader's warnings with the
/// index, in `documents`, of the document each is about.
pub(super) fn fields(
    documents: &[(Document, SourceMap)],
    pruned: &[(usize, Warning)],
) -> Vec<(usize, Diagnostic)> {
    pruned
        .iter()
        .filter_map(|(index, warning)| {
            let (document, map) = documents.get(*index)?;
            let input = Input {
                object: &document.object,
                file: Some(&document.source_name),
                map: Some(map),
            };
            let path = warning.field_path().clone();
            let mut d = diagnostic(
                &input,
                Code::UnknownField,
                &Site::field(path.clone()),
                warning.message().to_owned(),
                Some(
                    "`fmt`, `chart` and `import` leave it out, and `kubectl apply \
                     --validate=strict` refuses the object: remove it, or use the kubestash-fn \
                     whose API has it"
                        .to_owned(),
                ),
            );
            // The key is the finding, not its value.
            if let Some(at) = map.locate_key(&path) {
                d.position = Some(at.position);
                d.span = Some(at.span);
                d.exact = at.exact;
            }
            Some((*index, d))
        })
        .collect()
}
