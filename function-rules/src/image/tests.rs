//! Table tests of the image reference parser.
//!
//! The references are those of the KubeStash reference catalog (kubestash/installer
//! `catalog/raw`), and the cases of `TestReferenceParse` in distribution/reference
//! `reference_test.go` (Apache-2.0), with the expectations of the runtimes' normalized split
//! (`ParseNormalizedNamed`): a first component without `.`, `:` or an uppercase letter that is
//! not `localhost` is part of the path, not a domain (distribution's un-normalized `Parse`
//! would call `foo` in `foo/foo_bar.com` a domain; kubelet and containerd do not).

use super::*;

const SHA256: &str = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

/// `(domain, path, tag, digest)` of a valid reference.
type Parts<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);

fn parts(image: &str) -> Parts<'_> {
    let r = check_image(image).unwrap_or_else(|e| panic!("{image}: {e}"));
    // The accessors cover the text exactly.
    assert_eq!(format!("{}{}", r.repository(), r.suffix()), image);
    let expected_suffix = format!(
        "{}{}",
        r.tag().map(|t| format!(":{t}")).unwrap_or_default(),
        r.digest().map(|d| format!("@{d}")).unwrap_or_default()
    );
    assert_eq!(r.suffix(), expected_suffix, "{image}");
    let expected_repository = match r.domain() {
        Some(d) => format!("{d}/{}", r.path()),
        None => r.path().to_owned(),
    };
    assert_eq!(r.repository(), expected_repository, "{image}");
    (r.domain(), r.path(), r.tag(), r.digest())
}

#[test]
fn references_of_the_catalog() {
    for (image, expected) in [
        (
            "ghcr.io/kubestash/kubedump:v0.28.0",
            (Some("ghcr.io"), "kubestash/kubedump", Some("v0.28.0"), None),
        ),
        (
            "ghcr.io/kubestash/manifest:v0.21.0",
            (Some("ghcr.io"), "kubestash/manifest", Some("v0.21.0"), None),
        ),
        (
            "ghcr.io/kubestash/pvc:v0.28.0",
            (Some("ghcr.io"), "kubestash/pvc", Some("v0.28.0"), None),
        ),
        (
            "ghcr.io/kubestash/vault:v0.3.0",
            (Some("ghcr.io"), "kubestash/vault", Some("v0.3.0"), None),
        ),
        (
            "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
            (
                Some("ghcr.io"),
                "kubestash/volume-snapshotter",
                Some("v0.28.0"),
                None,
            ),
        ),
        (
            "ghcr.io/kubestash/workload:v0.28.0",
            (Some("ghcr.io"), "kubestash/workload", Some("v0.28.0"), None),
        ),
        (
            "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
            (
                Some("ghcr.io"),
                "kubedb/postgres-restic-plugin",
                Some("v0.30.0_${DB_VERSION}"),
                None,
            ),
        ),
    ] {
        assert_eq!(parts(image), expected, "{image}");
        assert_eq!(check_image(image).unwrap().registry(), "ghcr.io");
    }
    let pg = check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").unwrap();
    assert_eq!(pg.variables(), [DB_VERSION]);
}

#[test]
fn references_of_the_distribution_grammar() {
    let sha512 = format!("sha512:{}", "f".repeat(128));
    let long_path = format!("{}a", "a/".repeat(127));
    let long = format!("{long_path}:tag-puts-this-over-max");
    let with_digest = format!("test:5000/repo@{SHA256}");
    let tagged_digest = format!("test:5000/repo:tag@{SHA256}");
    let punycode_digest = format!("xn--7o8h.com/myimage:xn--7o8h.com@{sha512}");
    let v6_digest = format!("[2001:db8::1]:5000/repo@{SHA256}");
    let v6_tagged_digest = format!("[2001:db8::1]:5000/repo:tag@{SHA256}");
    let cases: Vec<(&str, Parts<'_>)> = vec![
        ("test_com", (None, "test_com", None, None)),
        ("test.com:tag", (None, "test.com", Some("tag"), None)),
        ("test.com:5000", (None, "test.com", Some("5000"), None)),
        (
            "test.com/repo:tag",
            (Some("test.com"), "repo", Some("tag"), None),
        ),
        ("test:5000/repo", (Some("test:5000"), "repo", None, None)),
        (
            "test:5000/repo:tag",
            (Some("test:5000"), "repo", Some("tag"), None),
        ),
        (
            &with_digest,
            (Some("test:5000"), "repo", None, Some(SHA256)),
        ),
        (
            &tagged_digest,
            (Some("test:5000"), "repo", Some("tag"), Some(SHA256)),
        ),
        (
            "lowercase:Uppercase",
            (None, "lowercase", Some("Uppercase"), None),
        ),
        // Distribution's FIXME: an uppercase first component is taken for a domain.
        (
            "Uppercase/lowercase:tag",
            (Some("Uppercase"), "lowercase", Some("tag"), None),
        ),
        (
            &long,
            (None, &long_path, Some("tag-puts-this-over-max"), None),
        ),
        (
            "sub-dom1.foo.com/bar/baz/quux",
            (Some("sub-dom1.foo.com"), "bar/baz/quux", None, None),
        ),
        (
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            (
                Some("sub-dom1.foo.com"),
                "bar/baz/quux",
                Some("some-long-tag"),
                None,
            ),
        ),
        (
            "b.gcr.io/test.example.com/my-app:test.example.com",
            (
                Some("b.gcr.io"),
                "test.example.com/my-app",
                Some("test.example.com"),
                None,
            ),
        ),
        (
            "xn--n3h.com/myimage:xn--n3h.com",
            (Some("xn--n3h.com"), "myimage", Some("xn--n3h.com"), None),
        ),
        (
            &punycode_digest,
            (
                Some("xn--7o8h.com"),
                "myimage",
                Some("xn--7o8h.com"),
                Some(&sha512),
            ),
        ),
        (
            "foo_bar.com:8080",
            (None, "foo_bar.com", Some("8080"), None),
        ),
        (
            "foo/foo_bar.com:8080",
            (None, "foo/foo_bar.com", Some("8080"), None),
        ),
        ("192.168.1.1", (None, "192.168.1.1", None, None)),
        ("192.168.1.1:tag", (None, "192.168.1.1", Some("tag"), None)),
        (
            "192.168.1.1:5000",
            (None, "192.168.1.1", Some("5000"), None),
        ),
        (
            "192.168.1.1/repo",
            (Some("192.168.1.1"), "repo", None, None),
        ),
        (
            "192.168.1.1:5000/repo",
            (Some("192.168.1.1:5000"), "repo", None, None),
        ),
        (
            "192.168.1.1:5000/repo:5050",
            (Some("192.168.1.1:5000"), "repo", Some("5050"), None),
        ),
        (
            "[2001:db8::1]/repo",
            (Some("[2001:db8::1]"), "repo", None, None),
        ),
        (
            "[2001:db8:1:2:3:4:5:6]/repo:tag",
            (Some("[2001:db8:1:2:3:4:5:6]"), "repo", Some("tag"), None),
        ),
        (
            "[2001:db8::1]:5000/repo",
            (Some("[2001:db8::1]:5000"), "repo", None, None),
        ),
        (
            "[2001:db8::1]:5000/repo:tag",
            (Some("[2001:db8::1]:5000"), "repo", Some("tag"), None),
        ),
        (
            &v6_digest,
            (Some("[2001:db8::1]:5000"), "repo", None, Some(SHA256)),
        ),
        (
            &v6_tagged_digest,
            (
                Some("[2001:db8::1]:5000"),
                "repo",
                Some("tag"),
                Some(SHA256),
            ),
        ),
        (
            "[2001:db8::]:5000/repo",
            (Some("[2001:db8::]:5000"), "repo", None, None),
        ),
        ("[::1]:5000/repo", (Some("[::1]:5000"), "repo", None, None)),
        // Ours: localhost, path separators, Docker Hub written out.
        (
            "localhost/fedora",
            (Some("localhost"), "fedora", None, None),
        ),
        (
            "localhost:5000/a__b/c-d.e---f:1",
            (Some("localhost:5000"), "a__b/c-d.e---f", Some("1"), None),
        ),
        (
            "docker.io/library/busybox:latest",
            (Some("docker.io"), "library/busybox", Some("latest"), None),
        ),
        (
            "Ghcr.io/kubestash/pvc:v1",
            (Some("Ghcr.io"), "kubestash/pvc", Some("v1"), None),
        ),
    ];
    for (image, expected) in cases {
        assert_eq!(parts(image), expected, "{image}");
    }
}

#[test]
fn registry_makes_docker_hub_explicit() {
    for (image, registry) in [
        ("postgres:16", DOCKER_HUB),
        ("library/postgres", DOCKER_HUB),
        ("docker.io/library/postgres", DOCKER_HUB),
        ("index.docker.io/library/postgres", DOCKER_HUB),
        ("ghcr.io/kubestash/pvc", "ghcr.io"),
        ("localhost:5000/x", "localhost:5000"),
    ] {
        assert_eq!(check_image(image).unwrap().registry(), registry, "{image}");
    }
}

#[test]
fn tags_are_at_most_128_characters() {
    let ok = format!("a:{}", "x".repeat(128));
    assert_eq!(parts(&ok).2.map(str::len), Some(128));
    let err = check_image(&format!("a:{}", "x".repeat(129))).unwrap_err();
    assert!(err.message().contains("longer than 128"), "{err}");
    assert_eq!(err.offset(), Some(2));
    // A placeholder counts as one character.
    let placeholder = format!("a:{}${{DB_VERSION}}", "x".repeat(127));
    assert!(check_image(&placeholder).is_ok());
    let over = format!("a:{}${{DB_VERSION}}", "x".repeat(128));
    assert!(check_image(&over).is_err());
}

#[test]
fn repositories_are_at_most_255_characters() {
    let at_most = format!("{}a", "a/".repeat(127));
    assert_eq!(at_most.len(), 255);
    assert!(check_image(&at_most).is_ok());
    let err = check_image(&format!("{}a:tag", "a/".repeat(128))).unwrap_err();
    assert!(err.message().contains("longer than 255"), "{err}");
}

/// Each malformed reference: a part of the message, and the text from the error's offset on.
#[test]
fn malformed_references_say_what_and_where() {
    let short_digest = format!("repo@sha256:{}", "f".repeat(34));
    let unsupported = format!("validname@invaliddigest:{}", "f".repeat(64));
    let upper_hex = format!("busybox@sha256:{}", "F".repeat(64));
    let long_name = format!("{}a:tag", "a/".repeat(128));
    let cases: Vec<(&str, &str, &str)> = vec![
        ("", "it is empty", ""),
        (":justtag", "repository name is empty", ":justtag"),
        (
            "@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "repository name is empty",
            "@sha256",
        ),
        (&short_digest, "64 lowercase hexadecimal digits", "ffff"),
        (&unsupported, "not one registries verify", "invaliddigest:"),
        (&upper_hex, "lowercase hexadecimal", "FFFF"),
        ("busybox@sha256:abc", "hexadecimal", "abc"),
        ("busybox@sha256", "not `algorithm:hex`", "sha256"),
        ("ghcr.io/kubestash/pvc:v1@", "not `algorithm:hex`", ""),
        (
            "Uppercase:tag",
            "path component `Uppercase` must be lowercase",
            "Uppercase:tag",
        ),
        (
            "test:5000/Uppercase/lowercase:tag",
            "path component `Uppercase`",
            "Uppercase/lowercase:tag",
        ),
        (
            "ghcr.io/KubeStash/pvc:v1",
            "path component `KubeStash`",
            "KubeStash/pvc:v1",
        ),
        (&long_name, "longer than 255", "a/a/"),
        ("aa/asdf$$^/aa", "path component `asdf$$^`", "$$^/aa"),
        ("[2001:db8::1]", "path component `[2001`", "[2001"),
        ("[2001:db8::1]:5000", "path component `[2001`", "[2001"),
        ("[2001:db8::1]:tag", "path component `[2001`", "[2001"),
        (
            "[fe80::1%eth0]:5000/repo",
            "not an IPv6 address",
            "[fe80::1%eth0]",
        ),
        (
            "[fe80::1%@invalidzone]:5000/repo",
            "path component `[fe80`",
            "[fe80",
        ),
        ("[::1/repo", "without its `]`", "[::1/repo"),
        ("[::1]x/repo", "is not valid", "x/repo"),
        ("ghcr.io:x/kubestash/pvc", "port `x`", "x/kubestash"),
        ("ghcr.io:/kubestash/pvc", "port ``", "/kubestash"),
        ("-ghcr.io/x", "not a domain name", "-ghcr.io"),
        ("ghcr.io/kubestash/pvc:v0.28.0:x", "tag `v0.28.0:x`", ":x"),
        ("ghcr.io/kubestash/pvc:.v1", "must start with", ".v1"),
        ("ghcr.io/kubestash/pvc:", "tag `` is empty", ""),
        ("ghcr.io/kubestash/pvc:v1 ", "may hold only", " "),
        ("ghcr.io//pvc", "path component ``", "/pvc"),
        ("ghcr.io/kubestash/pvc-:v1", "path component `pvc-`", "-:v1"),
        ("ghcr.io/kubestash/_pvc", "path component `_pvc`", "_pvc"),
        ("ghcr.io/kubestash/p___vc", "path component `p___vc`", "_vc"),
        ("ghcr.io/kubestash/", "path component ``", ""),
        ("my image", "path component `my image`", " image"),
        ("é/x", "path component `é`", "é/x"),
        (
            "ghcr.io/kubestash/pvc:${DB_VERSION",
            "without its",
            "${DB_VERSION",
        ),
        (
            "ghcr.io/kubestash/pvc:v1_${x:=1}",
            "placeholder `${x:=1}`",
            "${x:=1}",
        ),
        ("ghcr.io/kubestash/pvc:${}", "placeholder `${}`", "${}"),
        ("ghcr.io/kubestash/pvc:$x", "`$`", "$x"),
        (
            "ghcr.io/${ORG}/pvc:v1",
            "placeholders are allowed only in the tag",
            "${ORG}/pvc",
        ),
        (
            "${imageRegistry}/kubestash/vault:v1",
            "only in the tag",
            "${imageRegistry}",
        ),
        (
            "ghcr.io/kubestash/${NAME:=pvc}",
            "only in the tag",
            "${NAME",
        ),
    ];
    for (image, why, at) in cases {
        let err = check_image(image).expect_err(image);
        assert_eq!(err.rule(), Rule::Image);
        assert!(
            err.message()
                .starts_with(&format!("`{image}` is not a valid image reference: ")),
            "{image}: {err}"
        );
        assert!(err.message().contains(why), "{image}: {err}");
        let offset = err.offset().expect("an image error has an offset");
        assert!(
            image.get(offset..).is_some_and(|rest| rest.starts_with(at)),
            "{image}: offset {offset} is at {:?}, expected {at:?} ({err})",
            image.get(offset..)
        );
    }
}

#[test]
fn available_versions_make_tags() {
    let image = check_image("ghcr.io/kubedb/pg:v0.30.0_${DB_VERSION}").unwrap();
    assert!(check_available_version(&image, "16.4").is_ok());
    assert!(check_available_version(&image, "17.9-percona").is_ok());
    for bad in ["", "16 4", "16/4", &"1".repeat(121)] {
        let err = check_available_version(&image, bad).expect_err(bad);
        assert_eq!(err.rule(), Rule::AvailableVersion);
    }
    // Without a tag, the version is the whole tag.
    let bare = check_image("ghcr.io/kubedb/pg").unwrap();
    assert!(check_available_version(&bare, "16.4").is_ok());
    assert!(check_available_version(&bare, ".16").is_err());
}
