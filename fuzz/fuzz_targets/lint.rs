//! The lint over arbitrary YAML: no panic in reading, checking or rendering (human, JSON,
//! SARIF); every diagnostic points inside its text, on character boundaries; the same objects
//! without positions give the same findings (as a set), but for the fields dropped when read.
#![no_main]

use function_core::lint::{self, Code, Files, Input, Options};
use function_core::yaml::Options as ReadOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = ReadOptions::lenient()
        .with_max_bytes(64 << 10)
        .with_max_documents(64);
    let mut files = Files::new();
    if files.add_bytes("fuzz.yaml", data, &read).is_err() {
        return;
    }
    let text = std::str::from_utf8(data).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let report = files.lint(&Options::default());
    for d in report.diagnostics() {
        let span = d.span.clone().expect("a position in a file");
        assert!(span.start <= span.end && span.end <= text.len(), "{d}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{d}"
        );
        let p = d.position.expect("a position");
        assert!(p.line >= 1 && p.column >= 1);
        let code = d.code.expect("every finding of the lint has a code");
        assert_eq!(d.severity, code.severity());
    }
    let _ = report.human();
    let _ = report.json().to_string();
    let _ = report.sarif("0.0.0").to_string();

    let objects: Vec<_> = files.objects().cloned().collect();
    let inputs: Vec<Input<'_>> = objects.iter().map(Input::object).collect();
    let bare = lint::lint(&inputs, &Options::default());
    let codes = |ds: &[lint::Diagnostic]| {
        // KSF0109 is about the text (a field dropped when read): the objects no longer have it.
        let mut c: Vec<_> = ds
            .iter()
            .filter(|d| d.code != Some(Code::UnknownField))
            .map(|d| (d.code, d.object.clone(), d.path.clone()))
            .collect();
        c.sort();
        // Two findings that differ only by their position are one without positions.
        c.dedup();
        c
    };
    assert_eq!(codes(report.diagnostics()), codes(&bare));
});
