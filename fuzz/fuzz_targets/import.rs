//! The importer (function-codegen) over arbitrary YAML: no panic; every problem names an object
//! of the input, inside the text, and a field; where it succeeds, one Rust type per object and
//! source that syn parses as a file, the same on a second run.
#![no_main]

use function_codegen::{Options, generate};
use function_core::yaml::{self, Options as ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Lenient, as the importer's callers may read: unknown fields dropped, not fatal.
    let read = ReadOptions::lenient()
        .with_max_bytes(64 << 10)
        .with_max_documents(64);
    let Ok(parsed) = yaml::from_slice(data, "fuzz.yaml", &read) else {
        return;
    };
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    match generate(&parsed.documents, &Options::default()) {
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without a problem");
            for e in &errors {
                assert_eq!(e.file.as_deref(), Some("fuzz.yaml"), "{e}");
                let p = e.position.expect("an import problem has a position");
                assert!(
                    p.line >= 1 && p.column >= 1 && p.line as usize <= lines,
                    "{e}"
                );
                assert!(!e.path.is_empty() && !e.message.is_empty(), "{e}");
                let object = e
                    .object
                    .as_ref()
                    .expect("an import problem names its object");
                assert!(
                    parsed
                        .documents
                        .iter()
                        .any(|d| d.object.kind() == object.kind && d.object.name() == object.name),
                    "{e}: not an object of the input"
                );
            }
        }
        Ok(generated) => {
            let count = |kind: &str| {
                parsed
                    .documents
                    .iter()
                    .filter(|d| d.object.kind() == kind)
                    .count()
            };
            assert_eq!(generated.functions.len(), count("Function"));
            assert_eq!(generated.addons.len(), count("Addon"));
            if let Err(e) = syn::parse_file(&generated.source) {
                panic!(
                    "the generated source does not parse: {e}\n{}",
                    generated.source
                );
            }
            let again = generate(&parsed.documents, &Options::default()).expect("generates twice");
            assert_eq!(again, generated, "not deterministic");
        }
    }
});
