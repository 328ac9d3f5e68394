//! Image references split for registry redirection, and the `proxies` key of a registry.

/// An image reference split into the registry as written, the repository and the rest (the
/// `:tag` and/or `@digest`, with its separator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SplitImage<'a> {
    /// The registry host as written (`ghcr.io`, `localhost:5000`), empty for a Docker Hub
    /// image written without one (`postgres:16`).
    pub registry: &'a str,
    /// The repository path (`kubestash/vault`).
    pub repository: &'a str,
    /// The `:tag`, `@digest` or `:tag@digest` after the repository, with its separator.
    pub suffix: &'a str,
}

/// Splits `image` as the container runtimes do: the first `/`-separated component is a
/// registry when it holds a `.` or a `:` or is `localhost`; the tag follows the last `:` after
/// the last `/`; a digest follows `@`.
///
/// Returns `None` (the image is then not redirected, and is written as is) when the registry
/// or repository part is not a plain reference: empty, or holding anything but ASCII
/// letters, digits and `.`, `_`, `-`, `/`, `:` (a `${...}` variable, spaces, ...). The suffix
/// may hold anything (`:v0.30.0_${DB_VERSION}`).
pub(crate) fn split(image: &str) -> Option<SplitImage<'_>> {
    let (name_and_tag, digest_start) = match image.find('@') {
        Some(at) => (&image[..at], at),
        None => (image, image.len()),
    };
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let name_end = name_and_tag[last_slash..]
        .find(':')
        .map_or(digest_start, |i| last_slash + i);
    let name = &image[..name_end];
    let suffix = &image[name_end..];
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/:".contains(&b))
    };
    if !plain(name) || name.starts_with('/') || name.ends_with('/') || name.contains("//") {
        return None;
    }
    let (registry, repository) = match name.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (first, rest)
        }
        _ => ("", name),
    };
    if repository.contains(':') {
        return None;
    }
    Some(SplitImage {
        registry,
        repository,
        suffix,
    })
}

/// The key under `.Values.proxies` for a registry, by this table:
///
/// | registry | key |
/// |---|---|
/// | `ghcr.io` | `ghcr` |
/// | `docker.io`, `index.docker.io`, none (`postgres:16`) | `dockerHub` |
/// | `registry.k8s.io` | `kubernetes` |
/// | `quay.io` | `quay` |
/// | `gcr.io` | `gcr` |
/// | `public.ecr.aws` | `ecrPublic` |
/// | `mcr.microsoft.com` | `microsoft` |
/// | any other host | the host in lowerCamelCase: `registry.example.com:5000` → `registryExampleCom5000` (prefixed with `r` when it would start with a digit) |
pub(crate) fn proxy_key(registry: &str) -> String {
    match registry.to_ascii_lowercase().as_str() {
        "ghcr.io" => "ghcr".into(),
        "" | "docker.io" | "index.docker.io" => "dockerHub".into(),
        "registry.k8s.io" => "kubernetes".into(),
        "quay.io" => "quay".into(),
        "gcr.io" => "gcr".into(),
        "public.ecr.aws" => "ecrPublic".into(),
        "mcr.microsoft.com" => "microsoft".into(),
        host => {
            let mut key = String::new();
            for (i, word) in host
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .enumerate()
            {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    if i == 0 {
                        key.push(first);
                    } else {
                        key.push(first.to_ascii_uppercase());
                    }
                    key.extend(chars);
                }
            }
            if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
                key.insert(0, 'r');
            }
            key
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(image: &str) -> Option<(&str, &str, &str)> {
        split(image).map(|s| (s.registry, s.repository, s.suffix))
    }

    #[test]
    fn splits_references() {
        assert_eq!(
            parts("ghcr.io/kubestash/vault:v0.3.0"),
            Some(("ghcr.io", "kubestash/vault", ":v0.3.0"))
        );
        assert_eq!(parts("postgres:16"), Some(("", "postgres", ":16")));
        assert_eq!(parts("restic/restic"), Some(("", "restic/restic", "")));
        assert_eq!(
            parts("localhost:5000/a/b@sha256:abc"),
            Some(("localhost:5000", "a/b", "@sha256:abc"))
        );
        assert_eq!(
            parts("ghcr.io/kubedb/pg:v0.30.0_${DB_VERSION}"),
            Some(("ghcr.io", "kubedb/pg", ":v0.30.0_${DB_VERSION}"))
        );
        assert_eq!(
            parts("registry.example.com:5000/x:1@sha256:f"),
            Some(("registry.example.com:5000", "x", ":1@sha256:f"))
        );
        assert_eq!(parts("${imageRegistry}/kubestash/vault:v1"), None);
        assert_eq!(parts(""), None);
        assert_eq!(parts("a b:1"), None);
        assert_eq!(parts("/x:1"), None);
    }

    #[test]
    fn proxy_keys() {
        assert_eq!(proxy_key("ghcr.io"), "ghcr");
        assert_eq!(proxy_key(""), "dockerHub");
        assert_eq!(proxy_key("docker.io"), "dockerHub");
        assert_eq!(proxy_key("registry.k8s.io"), "kubernetes");
        assert_eq!(proxy_key("quay.io"), "quay");
        assert_eq!(
            proxy_key("registry.example.com:5000"),
            "registryExampleCom5000"
        );
        assert_eq!(proxy_key("10.0.0.1:5000"), "r100015000");
        assert_eq!(proxy_key("localhost:5000"), "localhost5000");
    }
}
