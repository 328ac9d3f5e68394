//! The `proxies` key of an image's registry. Image references are parsed by
//! [`function_rules::check_image`], the one parser the derive, the chart and the lint share.

use function_rules::ImageReference;

/// The key under `.Values.proxies` for a registry, by this table:
///
/// | registry | key |
/// |---|---|
/// | `ghcr.io` | `ghcr` |
/// | `docker.io`, `index.docker.io`, none (`postgres:16`): [`ImageReference::registry`] is `docker.io` | `dockerHub` |
/// | `registry.k8s.io` | `kubernetes` |
/// | `quay.io` | `quay` |
/// | `gcr.io` | `gcr` |
/// | `public.ecr.aws` | `ecrPublic` |
/// | `mcr.microsoft.com` | `microsoft` |
/// | any other host | the host in lowerCamelCase: `registry.example.com:5000` → `registryExampleCom5000` (prefixed with `r` when it would start with a digit) |
pub(crate) fn proxy_key(image: &ImageReference<'_>) -> String {
    match image.registry().to_ascii_lowercase().as_str() {
        "ghcr.io" => "ghcr".into(),
        "docker.io" => "dockerHub".into(),
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

    fn key(image: &str) -> String {
        proxy_key(&function_rules::check_image(image).expect("a valid reference"))
    }

    #[test]
    fn proxy_keys() {
        assert_eq!(key("ghcr.io/kubestash/pvc:v0.28.0"), "ghcr");
        assert_eq!(key("postgres:16"), "dockerHub");
        assert_eq!(key("docker.io/library/postgres:16"), "dockerHub");
        assert_eq!(key("index.docker.io/library/postgres"), "dockerHub");
        assert_eq!(key("registry.k8s.io/pause:3.9"), "kubernetes");
        assert_eq!(key("quay.io/x/y"), "quay");
        assert_eq!(key("gcr.io/x/y"), "gcr");
        assert_eq!(key("public.ecr.aws/x/y"), "ecrPublic");
        assert_eq!(key("mcr.microsoft.com/x/y"), "microsoft");
        assert_eq!(key("Ghcr.IO/x/y"), "ghcr");
        assert_eq!(
            key("registry.example.com:5000/x:1"),
            "registryExampleCom5000"
        );
        assert_eq!(key("10.0.0.1:5000/x"), "r100015000");
        assert_eq!(key("localhost:5000/x"), "localhost5000");
        assert_eq!(key("[::1]:5000/x"), "r15000");
    }
}
