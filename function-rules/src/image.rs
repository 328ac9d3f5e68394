//! Image references: the one parser behind the derive's check, the catalog's chart writer
//! (registry rewriting) and the lint.
//!
//! The grammar is the one of the distribution project (`github.com/distribution/reference`),
//! with the domain split off the way container runtimes split it before pulling
//! (`ParseNormalizedNamed`): the first `/`-separated component is a registry only when it holds a
//! `.` or a `:`, is `localhost`, or holds an uppercase letter; otherwise the image is on Docker
//! Hub. A digest must be one the registries verify (`sha256`, `sha384` or `sha512`, with that
//! many lowercase hexadecimal digits), as `go-digest` requires when a reference is parsed.

use crate::{Rule, RuleError, check_variable_name, shown};

/// The name of the placeholder the operator replaces with a version from `availableVersions`.
///
/// ```
/// assert_eq!(function_rules::DB_VERSION, "DB_VERSION");
/// ```
pub const DB_VERSION: &str = "DB_VERSION";

/// The registry an image written without one is pulled from (Docker Hub), as
/// [`ImageReference::registry`] names it.
///
/// ```
/// let image = function_rules::check_image("postgres:16").unwrap();
/// assert_eq!(image.registry(), function_rules::DOCKER_HUB);
/// ```
pub const DOCKER_HUB: &str = "docker.io";

/// The host Docker used to write for Docker Hub; the runtimes read it as [`DOCKER_HUB`].
const LEGACY_DOCKER_HUB: &str = "index.docker.io";

/// A checked image reference, `[domain/]path[:tag][@digest]`, borrowed from the text.
///
/// The tag may hold `${VAR}` placeholders (`v0.30.0_${DB_VERSION}`); [`Self::variables`] lists
/// them.
///
/// ```
/// use function_rules::check_image;
///
/// let image = check_image("ghcr.io/kubestash/pvc:v0.28.0").unwrap();
/// assert_eq!(image.domain(), Some("ghcr.io"));
/// assert_eq!(image.registry(), "ghcr.io");
/// assert_eq!(image.path(), "kubestash/pvc");
/// assert_eq!(image.repository(), "ghcr.io/kubestash/pvc");
/// assert_eq!(image.tag(), Some("v0.28.0"));
/// assert_eq!(image.digest(), None);
/// assert_eq!(image.suffix(), ":v0.28.0");
/// assert!(image.variables().is_empty());
///
/// let hub = check_image("postgres:16").unwrap();
/// assert_eq!((hub.domain(), hub.registry(), hub.path()), (None, "docker.io", "postgres"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageReference<'a> {
    text: &'a str,
    domain: Option<&'a str>,
    path: &'a str,
    /// The end of the repository (domain and path) in `text`.
    name_end: usize,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
    variables: Vec<&'a str>,
}

impl<'a> ImageReference<'a> {
    /// The reference as written.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("busybox:1").unwrap().as_str(), "busybox:1");
    /// ```
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The registry host (and port) as written, when the reference names one.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("busybox").unwrap().domain(), None);
    /// assert_eq!(function_rules::check_image("localhost:5000/x").unwrap().domain(), Some("localhost:5000"));
    /// assert_eq!(function_rules::check_image("index.docker.io/x").unwrap().domain(), Some("index.docker.io"));
    /// ```
    pub fn domain(&self) -> Option<&'a str> {
        self.domain
    }

    /// The registry the image is pulled from: the [`domain`](Self::domain), with Docker Hub
    /// made explicit: [`DOCKER_HUB`] when the reference names no registry, or names Docker
    /// Hub's legacy host `index.docker.io`.
    ///
    /// ```
    /// use function_rules::{check_image, DOCKER_HUB};
    ///
    /// assert_eq!(check_image("busybox").unwrap().registry(), DOCKER_HUB);
    /// assert_eq!(check_image("index.docker.io/library/busybox").unwrap().registry(), DOCKER_HUB);
    /// assert_eq!(check_image("quay.io/x/y").unwrap().registry(), "quay.io");
    /// ```
    pub fn registry(&self) -> &'a str {
        match self.domain {
            None => DOCKER_HUB,
            Some(d) if d.eq_ignore_ascii_case(LEGACY_DOCKER_HUB) => DOCKER_HUB,
            Some(d) => d,
        }
    }

    /// The repository path after the domain, as written, e.g. `kubestash/pvc` (`postgres` for
    /// `postgres:16`: no `library/` is added).
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("library/busybox:1").unwrap().path(), "library/busybox");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// Domain and path as written: everything before the tag and digest (distribution's
    /// `Name()` of a reference that was not normalized).
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("ghcr.io/a/b:1").unwrap().repository(), "ghcr.io/a/b");
    /// ```
    pub fn repository(&self) -> &'a str {
        &self.text[..self.name_end]
    }

    /// The tag, with any `${VAR}` placeholders as written.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("a/b:${imageTag}").unwrap().tag(), Some("${imageTag}"));
    /// assert_eq!(function_rules::check_image("a/b").unwrap().tag(), None);
    /// ```
    pub fn tag(&self) -> Option<&'a str> {
        self.tag
    }

    /// The digest, e.g. `sha256:…`.
    ///
    /// ```
    /// let hex = "0123456789abcdef".repeat(4);
    /// let text = format!("busybox@sha256:{hex}");
    /// let image = function_rules::check_image(&text).unwrap();
    /// assert_eq!(image.digest(), Some(&text[8..]));
    /// ```
    pub fn digest(&self) -> Option<&'a str> {
        self.digest
    }

    /// Everything after the [`repository`](Self::repository), as written: `:tag`, `@digest`,
    /// `:tag@digest` with their separators, or nothing. A registry rewrite keeps it as is.
    ///
    /// ```
    /// let image = function_rules::check_image("ghcr.io/kubedb/pg:v0.30.0_${DB_VERSION}").unwrap();
    /// assert_eq!(image.suffix(), ":v0.30.0_${DB_VERSION}");
    /// assert_eq!(format!("{}{}", image.repository(), image.suffix()), image.as_str());
    /// ```
    pub fn suffix(&self) -> &'a str {
        &self.text[self.name_end..]
    }

    /// The names of the `${VAR}` placeholders in the tag, in order.
    ///
    /// ```
    /// let image = function_rules::check_image("a/b:${x}-${DB_VERSION}").unwrap();
    /// assert_eq!(image.variables(), ["x", "DB_VERSION"]);
    /// ```
    pub fn variables(&self) -> &[&'a str] {
        &self.variables
    }

    /// Whether the tag holds `${name}`.
    ///
    /// ```
    /// let image = function_rules::check_image("a/b:v1_${DB_VERSION}").unwrap();
    /// assert!(image.uses_variable(function_rules::DB_VERSION));
    /// ```
    pub fn uses_variable(&self, name: &str) -> bool {
        self.variables.contains(&name)
    }

    /// The byte range of the first `${name}` in the reference as written, when the tag holds it.
    ///
    /// ```
    /// let image = function_rules::check_image("ghcr.io/kubedb/pg:v1_${DB_VERSION}").unwrap();
    /// let range = image.variable_range(function_rules::DB_VERSION).unwrap();
    /// assert_eq!(&image.as_str()[range], "${DB_VERSION}");
    /// assert_eq!(image.variable_range("imageTag"), None);
    /// ```
    pub fn variable_range(&self, name: &str) -> Option<std::ops::Range<usize>> {
        if !self.uses_variable(name) {
            return None;
        }
        let placeholder = format!("${{{name}}}");
        // The tag follows the repository and its `:`.
        let start = self.name_end + ":".len() + self.tag?.find(&placeholder)?;
        Some(start..start + placeholder.len())
    }
}

impl std::fmt::Display for ImageReference<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

/// A problem found in one part of a reference: the byte offset in that part, and why.
type PartError = (usize, String);

/// Checks and splits an image reference by the grammar of the distribution project:
/// `[domain[:port]/]path-component[/path-component]...[:tag][@algorithm:hex]`, with lowercase
/// path components, a tag of at most 128 word characters, `.` or `-` (not starting with `.` or
/// `-`), a repository of at most 255 characters and a `sha256`, `sha384` or `sha512` digest.
/// `${VAR}` placeholders (plain names, no default) are allowed in the tag, nowhere else; the
/// tag starts at the first `:` of the last `/`-separated component.
///
/// The error names the reference and what is wrong with it, and
/// [`RuleError::offset`] gives the byte offset of the offending character (or of the start of
/// the offending part).
///
/// ```
/// use function_rules::check_image;
///
/// assert!(check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").is_ok());
/// assert!(check_image("busybox").is_ok());
/// assert!(check_image("Ghcr.io/kubestash/pvc:v1").is_ok()); // an uppercase domain is allowed
/// assert!(check_image("ghcr.io/KubeStash/pvc:v1").is_err());
/// assert!(check_image("ghcr.io/kubestash/pvc:").is_err());
/// assert!(check_image("").is_err());
///
/// let err = check_image("ghcr.io/${ORG}/pvc:v1").unwrap_err();
/// assert_eq!(err.offset(), Some(8));
/// assert!(err.message().contains("only in the tag"));
/// ```
pub fn check_image(image: &str) -> Result<ImageReference<'_>, RuleError> {
    let fail = |offset: usize, detail: String| {
        Err(RuleError::new(
            Rule::Image,
            format!(
                "`{}` is not a valid image reference: {detail}",
                shown(image)
            ),
        )
        .at(offset))
    };
    if image.is_empty() {
        return fail(0, "it is empty".into());
    }
    // The digest is after the first `@`.
    let (name_and_tag, digest_start) = match image.find('@') {
        Some(at) => (&image[..at], Some(at + 1)),
        None => (image, None),
    };
    // The tag is after the first `:` of the last component (a path component holds no `:`,
    // so this is distribution's "last `:`" whenever the rest is valid, and it keeps a `:`
    // inside a tag's `${...}` in the tag).
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let (name_end, tag_start) = match name_and_tag[last_slash..].find(':') {
        Some(i) => (last_slash + i, Some(last_slash + i + 1)),
        None => (name_and_tag.len(), None),
    };
    let repository = &image[..name_end];
    if let Some(at) = repository.find("${") {
        return fail(
            at,
            "`${...}` placeholders are allowed only in the tag (after the last `:`)".into(),
        );
    }
    if repository.is_empty() {
        return fail(0, "the repository name is empty".into());
    }
    if repository.len() > 255 {
        return fail(
            0,
            "the repository name is longer than 255 characters".into(),
        );
    }
    // Domain: the first component, when there are several and it looks like a host.
    let (domain, path, path_start) = match repository.split_once('/') {
        Some((first, rest))
            if first.contains('.')
                || first.contains(':')
                || first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (Some(first), rest, first.len() + 1)
        }
        _ => (None, repository, 0),
    };
    if let Some(domain) = domain
        && let Err((at, detail)) = check_domain(domain)
    {
        return fail(at, detail);
    }
    let mut component_start = path_start;
    for component in path.split('/') {
        if let Err((at, detail)) = check_path_component(component) {
            return fail(component_start + at, detail);
        }
        component_start += component.len() + 1;
    }
    let tag_end = digest_start.map_or(image.len(), |d| d - 1);
    let tag = tag_start.map(|t| &image[t..tag_end]);
    let mut variables = Vec::new();
    if let (Some(tag), Some(start)) = (tag, tag_start)
        && let Err((at, detail)) = check_tag_text(tag, &mut variables)
    {
        return fail(start + at, detail);
    }
    let digest = digest_start.map(|d| &image[d..]);
    if let (Some(digest), Some(start)) = (digest, digest_start)
        && let Err((at, detail)) = check_digest(digest)
    {
        return fail(start + at, detail);
    }
    Ok(ImageReference {
        text: image,
        domain,
        path,
        name_end,
        tag,
        digest,
        variables,
    })
}

fn check_domain(domain: &str) -> Result<(), PartError> {
    let (host, port, port_start) = if domain.starts_with('[') {
        // An IPv6 address in brackets, then an optional `:port`.
        let Some(close) = domain.find(']') else {
            return Err((
                0,
                format!("the registry host `{domain}` has a `[` without its `]`"),
            ));
        };
        let (host, rest) = domain.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port), close + 2),
            None if rest.is_empty() => (host, None, 0),
            None => {
                return Err((
                    close + 1,
                    format!("the registry host `{domain}` is not valid"),
                ));
            }
        }
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, Some(port), host.len() + 1),
            None => (domain, None, 0),
        }
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err((
            port_start,
            format!("the registry port `{port}` is not a number"),
        ));
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Ok(());
        }
        return Err((
            0,
            format!("the registry host `{host}` is not an IPv6 address"),
        ));
    }
    let mut start = 0;
    for component in host.split('.') {
        let bytes = component.as_bytes();
        let ok = match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && bytes
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            }
            _ => false,
        };
        if !ok {
            return Err((
                start,
                format!(
                    "the registry host `{host}` is not a domain name (components of letters, \
                     digits and `-`, separated by `.`)"
                ),
            ));
        }
        start += component.len() + 1;
    }
    Ok(())
}

fn check_path_component(component: &str) -> Result<(), PartError> {
    // alpha-numeric (separator alpha-numeric)*, separator := [_.] | __ | [-]+
    let bad = |at: usize| {
        Err((
            at,
            format!(
                "the path component `{}` must be lowercase letters and digits, separated by `.`, \
                 `_`, `__` or dashes",
                shown(component)
            ),
        ))
    };
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    let mut expect_alnum = true;
    let mut separator_start = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            while i < bytes.len() && alnum(bytes[i]) {
                i += 1;
            }
            expect_alnum = false;
            continue;
        }
        if expect_alnum {
            return bad(i);
        }
        separator_start = i;
        match bytes[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < bytes.len() && bytes[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < bytes.len() && bytes[i] == b'-' {
                    i += 1;
                }
            }
            _ => return bad(i),
        }
        expect_alnum = true;
    }
    if expect_alnum {
        return bad(separator_start);
    }
    Ok(())
}

/// Checks a tag that may hold `${NAME}` placeholders, collecting their names. Each placeholder
/// counts as one word character of distribution's `[\w][\w.-]{0,127}`.
fn check_tag_text<'a>(tag: &'a str, variables: &mut Vec<&'a str>) -> Result<(), PartError> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    let mut units = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b == b'$' {
            let Some(body) = tag[i..].strip_prefix("${") else {
                return Err((
                    i,
                    format!(
                        "the tag `{}` has a `$` that does not start a `${{NAME}}` placeholder",
                        shown(tag)
                    ),
                ));
            };
            let Some(end) = body.find('}') else {
                return Err((
                    i,
                    format!("the tag `{}` has a `${{` without its `}}`", shown(tag)),
                ));
            };
            let name = &body[..end];
            if check_variable_name(name).is_err() {
                return Err((
                    i,
                    format!(
                        "the placeholder `${{{}}}` in the tag must be a plain variable name \
                         (letters, digits or `_`, no default)",
                        shown(name)
                    ),
                ));
            }
            variables.push(name);
            i += "${".len() + end + "}".len();
        } else {
            let word = b.is_ascii_alphanumeric() || b == b'_';
            if units == 0 && !word {
                return Err((
                    i,
                    format!(
                        "the tag `{}` must start with a letter, a digit or `_`",
                        shown(tag)
                    ),
                ));
            }
            if !(word || b == b'.' || b == b'-') {
                return Err((
                    i,
                    format!(
                        "the tag `{}` may hold only letters, digits, `_`, `.` and `-`",
                        shown(tag)
                    ),
                ));
            }
            i += 1;
        }
        units += 1;
    }
    match units {
        0 => Err((0, format!("the tag `{}` is empty", shown(tag)))),
        129.. => Err((
            0,
            format!("the tag `{}` is longer than 128 characters", shown(tag)),
        )),
        _ => Ok(()),
    }
}

fn check_digest(digest: &str) -> Result<(), PartError> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err((
            0,
            format!("the digest `{}` is not `algorithm:hex`", shown(digest)),
        ));
    };
    let digits = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            return Err((
                0,
                format!(
                    "the digest algorithm `{}` is not one registries verify: use sha256, sha384 \
                     or sha512",
                    shown(algorithm)
                ),
            ));
        }
    };
    let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    if hex.len() != digits || !hex.bytes().all(|b| lower_hex(&b)) {
        let at = hex.bytes().position(|b| !lower_hex(&b)).unwrap_or(0);
        return Err((
            algorithm.len() + 1 + at,
            format!(
                "the digest `{}` must end in {digits} lowercase hexadecimal digits for \
                 {algorithm}",
                shown(digest)
            ),
        ));
    }
    Ok(())
}

/// Checks one entry of `availableVersions` against the image it will be substituted into:
/// non-empty, and the image's tag with `${DB_VERSION}` replaced by `version` is a valid tag.
///
/// ```
/// use function_rules::{check_available_version, check_image};
///
/// let image = check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").unwrap();
/// assert!(check_available_version(&image, "16.4").is_ok());
/// assert!(check_available_version(&image, "").is_err());
/// assert!(check_available_version(&image, "16 4").is_err());
/// ```
pub fn check_available_version(image: &ImageReference<'_>, version: &str) -> Result<(), RuleError> {
    let err = |why: &str| {
        Err(RuleError::new(
            Rule::AvailableVersion,
            format!("the available version `{}` {why}", shown(version)),
        ))
    };
    if version.is_empty() {
        return err("is empty");
    }
    let tag = image.tag().unwrap_or("${DB_VERSION}");
    let resolved = tag.replace("${DB_VERSION}", version);
    let mut variables = Vec::new();
    match check_tag_text(&resolved, &mut variables) {
        Ok(()) => Ok(()),
        Err(_) => err(&format!(
            "does not make a valid image tag: `{}` (letters, digits, `_`, `.` and `-`, at most \
             128, not starting with `.` or `-`)",
            shown(&resolved)
        )),
    }
}

#[cfg(test)]
mod tests;
