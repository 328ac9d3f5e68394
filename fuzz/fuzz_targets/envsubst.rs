//! Parse and evaluate arbitrary templates with arbitrary variables: no panic,
//! and the compiled path agrees with the one-shot path.
//!
//! Input layout: the first byte `n` splits the rest; the first `n * len / 256`
//! bytes are the template (lossy UTF-8), the remainder the variables, one
//! `k=v` per line (`k` without `=` is absent; `k=` is present but empty).
#![no_main]

use function_core::envsubst::{Template, Vars, eval_map, eval_map_bytes, json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let at = usize::from(split) * rest.len() / 256;
    let template = String::from_utf8_lossy(&rest[..at]);
    let vars: Vars = String::from_utf8_lossy(&rest[at..])
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();

    let one_shot = eval_map(&template, &vars);
    let bytes = eval_map_bytes(&template, &vars);
    match Template::parse(&template) {
        Ok(t) => {
            assert_eq!(t.render(&vars), one_shot);
            assert_eq!(t.render_bytes(&vars), bytes);
        }
        Err(e) => {
            assert!(e.is_parse_error());
            assert_eq!(Err(e), one_shot);
        }
    }
    match (&one_shot, &bytes) {
        // Valid UTF-8 bytes are the string itself; otherwise each invalid
        // byte became one U+FFFD.
        (Ok(s), Ok(b)) => match std::str::from_utf8(b) {
            Ok(v) => assert_eq!(v, s),
            Err(_) => assert!(s.contains('\u{FFFD}')),
        },
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            assert!(a.offset() <= template.len());
        }
        _ => panic!("string and byte results disagree"),
    }
    let doc = vec![template.to_string()];
    let _ = json::eval(&doc, &vars);
    let _ = json::eval_strict(&doc, &vars);
});
