//! The lint at the door of the cluster: the decision of a validating admission webhook for
//! `addons.kubestash.com` (`kubestash-fn webhook`), with no I/O.
//!
//! [`answer`] takes the body of an HTTP request from the API server (an `AdmissionReview` of
//! `admission.k8s.io/v1`, read with kube's [`admission`](kube::core::admission) types) and
//! returns the HTTP status and body to send back, with a [`Verdict`] to log. For a Function or
//! an Addon created or updated it runs [the lint](crate::lint) over the object (read from its
//! JSON, so diagnostics have field paths and no positions):
//!
//! - errors deny the request; the response's message has one line per error, as
//!   `Addon/NAME: PATH: message [CODE name]`, each followed by its help;
//! - warnings are the response's `warnings` (kubectl prints them as `Warning: ...`);
//! - notes are dropped.
//!
//! With a view of the cluster ([`Cluster`], a watch-backed cache in the webhook), an Addon's
//! tasks are also checked against the Functions that exist (`KSF0001 unknown-function`), and
//! deleting a Function that an Addon runs is denied with the diagnostic the Addon would get.
//!
//! A request that is not an `AdmissionReview` of `admission.k8s.io/v1` with a request in it
//! is answered with status 400 (the API server then applies the webhook's `failurePolicy`);
//! objects of other kinds, and operations other than CREATE, UPDATE and DELETE, are allowed.
//!
//! ```
//! use function_core::admission::{self, Cluster};
//!
//! let body = br#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
//!   "uid":"1","kind":{"group":"addons.kubestash.com","version":"v1alpha1","kind":"Function"},
//!   "resource":{"group":"addons.kubestash.com","version":"v1alpha1","resource":"functions"},
//!   "name":"demo-backup","operation":"CREATE","userInfo":{},
//!   "object":{"apiVersion":"addons.kubestash.com/v1alpha1","kind":"Function",
//!     "metadata":{"name":"demo-backup"},
//!     "spec":{"image":"ghcr.io/kubestash/demo:v1","args":["backup","--wait=${wait:=300"]}}}}"#;
//! let answer = admission::answer(body, None::<&dyn Cluster>);
//! assert_eq!(answer.status, 200);
//! assert!(!answer.verdict.allowed);
//! assert_eq!(answer.verdict.codes, ["KSF0007"]);
//! let review: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
//! assert_eq!(review["response"]["uid"], "1");
//! assert!(review["response"]["status"]["message"].as_str().unwrap()
//!     .starts_with("Function/demo-backup: spec.args[1]: "));
//! ```

use kube::core::admission::{AdmissionRequest, AdmissionResponse, AdmissionReview, Operation};
use kube::core::{DynamicObject, GroupVersionKind};

use crate::api::{Addon, Function};
use crate::lint::{self, Code, Diagnostic, Input, Options, Severity};
use crate::yaml::Object;

/// The `apiVersion` of the reviews the webhook answers.
pub const REVIEW_API_VERSION: &str = "admission.k8s.io/v1";
/// The API group it checks.
pub const GROUP: &str = "addons.kubestash.com";

/// What the webhook knows of the cluster: the Functions and Addons that exist (a cache kept by
/// a watch, in `kubestash-fn webhook`).
pub trait Cluster {
    /// The Function named `name`, if it exists.
    fn function(&self, name: &str) -> Option<Function>;
    /// The names of every Function (for "did you mean" help).
    fn function_names(&self) -> Vec<String>;
    /// Every Addon with a task that runs the Function `name`.
    fn addons_using(&self, name: &str) -> Vec<Addon>;
}

/// The decision about one request, for the log line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// The request's `uid` (empty for a request that could not be read).
    pub uid: String,
    /// `CREATE`, `UPDATE`, `DELETE`, `CONNECT` (empty when unread).
    pub operation: String,
    /// The object as `Kind/name` (`Addon/pvc-addon`; empty when unread).
    pub object: String,
    /// Whether the request is allowed.
    pub allowed: bool,
    /// Why, in a word: `clean`, `lint`, `in-use`, `unreadable-object`, `not-checked` (another
    /// kind or operation), `bad-request`.
    pub reason: &'static str,
    /// The codes of the errors and warnings reported (`KSF0001`), errors first.
    pub codes: Vec<&'static str>,
    /// The message of a denial.
    pub message: Option<String>,
    /// The warnings returned.
    pub warnings: Vec<String>,
}

/// What to send back: an HTTP status, a JSON body, and the verdict to log.
#[derive(Clone, Debug)]
pub struct Answer {
    /// 200 for a review answered, 400 for a request that is not one.
    pub status: u16,
    /// The `AdmissionReview` with its response.
    pub body: Vec<u8>,
    /// The decision.
    pub verdict: Verdict,
}

/// Why a body is not an `AdmissionReview` the webhook answers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Not JSON, or not the shape of an `AdmissionReview`.
    #[error("the body is not an AdmissionReview: {0}")]
    Json(#[from] serde_json::Error),
    /// Another `kind`.
    #[error("the body is a `{0}`, not an AdmissionReview")]
    Kind(String),
    /// Another `apiVersion` (`admission.k8s.io/v1beta1`).
    #[error(
        "AdmissionReview `{0}` is not supported: list only `v1` in the webhook's admissionReviewVersions"
    )]
    ApiVersion(String),
    /// No `request`.
    #[error("the AdmissionReview has no request")]
    NoRequest,
}

/// A request read from an `AdmissionReview`: about a Function or an Addon (read as that type,
/// without a detour through untyped JSON), or about anything else.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per HTTP request, read once and shared behind an Arc"
)]
pub enum Request {
    /// A request about a Function.
    Function(AdmissionRequest<Function>),
    /// A request about an Addon.
    Addon(AdmissionRequest<Addon>),
    /// A request about another kind, or about a Function or an Addon whose object does not
    /// read as one (then with why).
    Other(AdmissionRequest<DynamicObject>, Option<String>),
}

/// The fields of a request that do not depend on its object's type.
struct Head<'a> {
    uid: &'a str,
    operation: &'a Operation,
    kind: &'a GroupVersionKind,
    name: &'a str,
}

impl Request {
    /// The request's `uid`.
    pub fn uid(&self) -> &str {
        self.head().uid
    }

    fn head(&self) -> Head<'_> {
        fn head<T: kube::Resource>(r: &AdmissionRequest<T>) -> Head<'_> {
            Head {
                uid: &r.uid,
                operation: &r.operation,
                kind: &r.kind,
                name: &r.name,
            }
        }
        match self {
            Request::Function(r) => head(r),
            Request::Addon(r) => head(r),
            Request::Other(r, _) => head(r),
        }
    }

    fn response(&self) -> AdmissionResponse {
        match self {
            Request::Function(r) => AdmissionResponse::from(r),
            Request::Addon(r) => AdmissionResponse::from(r),
            Request::Other(r, _) => AdmissionResponse::from(r),
        }
    }
}

/// What is read first: the review's type and the kind of its request's object.
#[derive(serde::Deserialize)]
struct Peek {
    #[serde(default)]
    kind: String,
    #[serde(default, rename = "apiVersion")]
    api_version: String,
    #[serde(default)]
    request: Option<PeekRequest>,
}

#[derive(serde::Deserialize)]
struct PeekRequest {
    kind: GroupVersionKind,
}

/// Reads an `AdmissionReview` of `admission.k8s.io/v1` and returns its request.
///
/// # Errors
/// The body is not JSON, not an `AdmissionReview`, of another version, or has no request.
pub fn decode(body: &[u8]) -> Result<Request, DecodeError> {
    let peek: Peek = serde_json::from_slice(body)?;
    if peek.kind != "AdmissionReview" {
        return Err(DecodeError::Kind(peek.kind));
    }
    if peek.api_version != REVIEW_API_VERSION {
        return Err(DecodeError::ApiVersion(peek.api_version));
    }
    let Some(head) = peek.request else {
        return Err(DecodeError::NoRequest);
    };
    fn typed<K: kube::Resource + serde::de::DeserializeOwned>(
        body: &[u8],
    ) -> Result<AdmissionRequest<K>, serde_json::Error> {
        let review: AdmissionReview<K> = serde_json::from_slice(body)?;
        // `decode` saw the request: only a review without one fails the conversion.
        review
            .try_into()
            .map_err(|_| serde::de::Error::custom("no request"))
    }
    let read = match kind_of(&head.kind) {
        Some("Function") => typed::<Function>(body).map(|mut r| {
            for f in r.object.iter_mut().chain(r.old_object.iter_mut()) {
                strip(&mut f.metadata);
            }
            Request::Function(r)
        }),
        Some(_) => typed::<Addon>(body).map(|mut r| {
            for a in r.object.iter_mut().chain(r.old_object.iter_mut()) {
                strip(&mut a.metadata);
            }
            Request::Addon(r)
        }),
        None => Err(serde::de::Error::custom("another kind")),
    };
    match read {
        Ok(request) => Ok(request),
        Err(e) => {
            let review: AdmissionReview<DynamicObject> = serde_json::from_slice(body)?;
            let why = kind_of(&head.kind).map(|kind| {
                format!(
                    "{kind}/{}: cannot read the object: {e}",
                    review
                        .request
                        .as_ref()
                        .map(|r| r.name.as_str())
                        .unwrap_or_default()
                )
            });
            let request = review.try_into().map_err(|_| DecodeError::NoRequest)?;
            Ok(Request::Other(request, why))
        }
    }
}

/// The annotation in which `kubectl apply` keeps a copy of the object as the user wrote it:
/// not the user's text to lint (its `${...}` are the spec's, already linted there).
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Leaves out what the API server and kubectl add to an object (`managedFields`, the
/// [`LAST_APPLIED`] copy).
fn strip(meta: &mut kube::core::ObjectMeta) {
    meta.managed_fields = None;
    if let Some(annotations) = &mut meta.annotations {
        annotations.remove(LAST_APPLIED);
        if annotations.is_empty() {
            meta.annotations = None;
        }
    }
}

/// Answers the body of a request from the API server: [`decode`], then [`review`].
pub fn answer<C: Cluster + ?Sized>(body: &[u8], cluster: Option<&C>) -> Answer {
    match decode(body) {
        Ok(request) => {
            let (verdict, response) = review(&request, cluster);
            Answer {
                status: 200,
                body: to_bytes(&response.into_review()),
                verdict,
            }
        }
        Err(e) => bad_request(&e.to_string()),
    }
}

/// The answer to a request that is not an `AdmissionReview` the webhook reads: status 400 and
/// an invalid response (no uid) with `message`.
pub fn bad_request(message: &str) -> Answer {
    Answer {
        status: 400,
        body: to_bytes(&AdmissionResponse::invalid(message).into_review()),
        verdict: Verdict {
            reason: "bad-request",
            message: Some(message.to_owned()),
            ..Verdict::default()
        },
    }
}

/// The answer to a request whose review did not finish (timed out or failed inside the
/// webhook): allowed with a warning when `fail_open`, else denied, with `why` as the message.
pub fn unfinished(request: &Request, why: &str, fail_open: bool) -> Answer {
    let mut verdict = base_verdict(request);
    let mut response = request.response();
    verdict.reason = "unfinished";
    verdict.allowed = fail_open;
    let text = format!("kubestash-fn webhook: {why}");
    if fail_open {
        response.warnings = Some(vec![format!("{text} (allowed unchecked: --fail-open)")]);
        verdict.warnings = response.warnings.clone().unwrap_or_default();
    } else {
        response = deny(response, &text);
        verdict.message = Some(text);
    }
    Answer {
        status: 200,
        body: to_bytes(&response.into_review()),
        verdict,
    }
}

/// Denies with `message`: status `Failure`, code 403 (what the API server answers the client).
fn deny(response: AdmissionResponse, message: impl ToString) -> AdmissionResponse {
    let mut response = response.deny(message);
    response.result.status = Some(kube::core::response::StatusSummary::Failure);
    response.result.code = 403;
    response
}

fn to_bytes(review: &AdmissionReview<DynamicObject>) -> Vec<u8> {
    // A review of strings and booleans always serializes.
    serde_json::to_vec(review).unwrap_or_default()
}

fn base_verdict(request: &Request) -> Verdict {
    let head = request.head();
    Verdict {
        uid: head.uid.to_owned(),
        operation: operation_name(head.operation).to_owned(),
        object: format!("{}/{}", head.kind.kind, head.name),
        ..Verdict::default()
    }
}

fn operation_name(operation: &Operation) -> &'static str {
    match operation {
        Operation::Create => "CREATE",
        Operation::Update => "UPDATE",
        Operation::Delete => "DELETE",
        Operation::Connect => "CONNECT",
    }
}

/// Which of the two kinds a request is about.
fn kind_of(gvk: &GroupVersionKind) -> Option<&'static str> {
    if gvk.group != GROUP {
        return None;
    }
    match gvk.kind.as_str() {
        "Function" => Some("Function"),
        "Addon" => Some("Addon"),
        _ => None,
    }
}

/// Decides on one request: the verdict and the response (see the module's documentation).
pub fn review<C: Cluster + ?Sized>(
    request: &Request,
    cluster: Option<&C>,
) -> (Verdict, AdmissionResponse) {
    let mut verdict = base_verdict(request);
    let response = request.response();
    let head = request.head();
    let create_or_update = matches!(head.operation, Operation::Create | Operation::Update);
    let no_object = || {
        format!(
            "{}/{}: the request has no object",
            head.kind.kind, head.name
        )
    };
    let found = match request {
        Request::Function(r) if create_or_update => r
            .object
            .clone()
            .map(|f| check(&Object::from(f), cluster))
            .ok_or_else(no_object),
        Request::Addon(r) if create_or_update => r
            .object
            .clone()
            .map(|a| check(&Object::from(a), cluster))
            .ok_or_else(no_object),
        Request::Other(_, Some(why)) if create_or_update => Err(why.clone()),
        Request::Function(r) if r.operation == Operation::Delete => Ok(match cluster {
            Some(cluster) => in_use(&r.name, cluster),
            None => Vec::new(),
        }),
        Request::Other(r, Some(_))
            if r.operation == Operation::Delete && kind_of(&r.kind) == Some("Function") =>
        {
            Ok(match cluster {
                Some(cluster) => in_use(&r.name, cluster),
                None => Vec::new(),
            })
        }
        _ => {
            verdict.allowed = true;
            verdict.reason = "not-checked";
            return (verdict, response);
        }
    };
    let diagnostics = match found {
        Ok(d) => d,
        Err(message) => {
            verdict.reason = "unreadable-object";
            verdict.message = Some(message.clone());
            return (verdict, deny(response, message));
        }
    };
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    verdict.codes = errors
        .iter()
        .chain(&warnings)
        .filter_map(|d| d.code.map(|c| c.id()))
        .collect();
    verdict.warnings = warnings.iter().map(|d| render(d)).collect();
    let mut response = response;
    if !verdict.warnings.is_empty() {
        response.warnings = Some(verdict.warnings.clone());
    }
    if errors.is_empty() {
        verdict.allowed = true;
        verdict.reason = "clean";
        (verdict, response)
    } else {
        let message = errors
            .iter()
            .map(|d| render(d))
            .collect::<Vec<_>>()
            .join("\n");
        verdict.reason = if *head.operation == Operation::Delete {
            "in-use"
        } else {
            "lint"
        };
        verdict.message = Some(message.clone());
        (verdict, deny(response, message))
    }
}

/// `Addon/NAME: PATH: message [CODE name]`, then `; help: ...` when there is help.
fn render(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{d}; help: {help}"),
        None => d.to_string(),
    }
}

/// The lint's errors and warnings about `object` (notes left out); an Addon's tasks are looked
/// up among the cluster's Functions when there is a cluster.
pub fn check<C: Cluster + ?Sized>(object: &Object, cluster: Option<&C>) -> Vec<Diagnostic> {
    let notes: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| c.severity() == Severity::Note)
        .collect();
    let mut others = Vec::new();
    if let (Object::Addon(addon), Some(cluster)) = (object, cluster) {
        let mut names: Vec<&str> = tasks(addon).map(|t| t.function.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        others.extend(
            names
                .into_iter()
                .filter_map(|n| cluster.function(n))
                .map(Object::from),
        );
    }
    let mut inputs = vec![Input::object(object)];
    inputs.extend(others.iter().map(Input::object));
    let options = Options {
        complete: cluster.is_some(),
        allow: notes,
    };
    let label = format!("{}/{}", object.kind(), object.name());
    let mut found: Vec<Diagnostic> = lint::lint(&inputs, &options)
        .into_iter()
        .filter(|d| d.object.as_ref().is_some_and(|o| o.to_string() == label))
        .collect();
    if let (Object::Addon(addon), Some(cluster)) = (object, cluster) {
        suggest(&mut found, addon, cluster);
    }
    found
}

/// An unknown Function with no "did you mean" among the few Functions given to the lint gets
/// one from every Function of the cluster.
fn suggest<C: Cluster + ?Sized>(found: &mut [Diagnostic], addon: &Addon, cluster: &C) {
    let mut names: Option<Vec<String>> = None;
    for d in found.iter_mut() {
        if d.code != Some(Code::UnknownFunction) || d.help.is_some() {
            continue;
        }
        let Some(task) = task_at(addon, &d.path) else {
            continue;
        };
        if task.function.is_empty() {
            continue;
        }
        let names = names.get_or_insert_with(|| cluster.function_names());
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        d.help = crate::yaml::closest_name(&task.function, &refs)
            .map(|c| format!("did you mean `{c}`?"));
    }
}

/// The task at `spec.backupTasks[I].function` (or `restoreTasks`).
fn task_at<'a>(addon: &'a Addon, path: &str) -> Option<&'a crate::api::Task> {
    let rest = path.strip_prefix("spec.")?.strip_suffix("].function")?;
    let (list, index) = rest.split_once('[')?;
    let index: usize = index.parse().ok()?;
    match list {
        "backupTasks" => addon.spec.backup_tasks.get(index),
        "restoreTasks" => addon.spec.restore_tasks.get(index),
        _ => None,
    }
}

fn tasks(addon: &Addon) -> impl Iterator<Item = &crate::api::Task> {
    addon
        .spec
        .backup_tasks
        .iter()
        .chain(&addon.spec.restore_tasks)
}

/// What deleting the Function `name` breaks: the `unknown-function` errors of every Addon that
/// runs it, linted against the cluster's Functions without it.
pub fn in_use<C: Cluster + ?Sized>(name: &str, cluster: &C) -> Vec<Diagnostic> {
    let without = Without { cluster, name };
    let mut found = Vec::new();
    for addon in cluster.addons_using(name) {
        let object = Object::from(addon.clone());
        found.extend(
            check(&object, Some(&without))
                .into_iter()
                .filter(|d| {
                    d.code == Some(Code::UnknownFunction)
                        && task_at(&addon, &d.path).is_some_and(|t| t.function == name)
                })
                .map(|mut d| {
                    d.message = format!(
                        "Function/{name} is in use: {} runs it ({}); deleting it would leave \
                         the task with no Function",
                        object_label(&object),
                        d.path
                    );
                    d.help = Some(format!(
                        "delete or change the task of {} first",
                        object_label(&object)
                    ));
                    d
                }),
        );
    }
    found
}

fn object_label(object: &Object) -> String {
    format!("{}/{}", object.kind(), object.name())
}

/// A cluster without one Function.
struct Without<'a, C: ?Sized> {
    cluster: &'a C,
    name: &'a str,
}

impl<C: Cluster + ?Sized> Cluster for Without<'_, C> {
    fn function(&self, name: &str) -> Option<Function> {
        (name != self.name)
            .then(|| self.cluster.function(name))
            .flatten()
    }

    fn function_names(&self) -> Vec<String> {
        let mut names = self.cluster.function_names();
        names.retain(|n| n != self.name);
        names
    }

    fn addons_using(&self, name: &str) -> Vec<Addon> {
        self.cluster.addons_using(name)
    }
}
