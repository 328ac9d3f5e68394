//! The YAML loader into typed objects over arbitrary bytes: no panic; every error has a
//! position inside the text; what reads, written back as canonical YAML, reads back as the same
//! objects; the source maps agree with the documents and point inside the text.
#![no_main]

use function_core::yaml::{self, FieldPath, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small bounds keep each run fast; the bounds themselves are checked by the tests.
    let options = Options::default()
        .with_max_bytes(64 << 10)
        .with_max_documents(64);
    let parsed = match yaml::from_slice(data, "fuzz.yaml", &options) {
        Ok(parsed) => parsed,
        Err(e) => {
            if let Some(p) = e.position() {
                assert!(p.line >= 1 && p.column >= 1, "{e}");
                // YAML ends lines at `\r\n`, `\r` and `\n`.
                let breaks = data
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| {
                        b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n'))
                    })
                    .count();
                let lines = breaks + 1;
                assert!(p.line as usize <= lines + 1, "{e}: line past the end");
            }
            let _ = e.to_string();
            return;
        }
    };
    let objects: Vec<_> = parsed.objects().cloned().collect();
    let text = yaml::to_string_all(&objects).expect("the objects write as YAML");
    let again = yaml::from_str(&text, "canonical.yaml").expect("canonical YAML reads back");
    let again: Vec<_> = again.into_iter().map(|d| d.object).collect();
    assert_eq!(objects, again, "round trip through canonical YAML:\n{text}");

    let (mapped, maps) =
        yaml::from_slice_mapped(data, "fuzz.yaml", &options).expect("reads as from_slice did");
    assert_eq!(mapped.documents, parsed.documents);
    assert_eq!(maps.len(), parsed.documents.len());
    for (document, map) in parsed.documents.iter().zip(&maps) {
        assert_eq!(map.document_position(), document.position);
        for path in [
            FieldPath::root().key("metadata").key("name"),
            FieldPath::root().key("spec").key("image"),
            FieldPath::root().key("spec").key("args").index(0),
        ] {
            let at = map.locate_nearest(&path);
            assert!(at.span.end <= map.text().len() && at.span.start <= at.span.end);
            assert!(map.text().is_char_boundary(at.span.start));
            if let Some(in_string) = map.locate_in(&path, 0..1) {
                assert!(in_string.span.end <= map.text().len());
                assert!(map.text().is_char_boundary(in_string.span.start));
                assert!(map.text().is_char_boundary(in_string.span.end));
            }
        }
    }
});
