//! Parse and evaluate arbitrary templates with arbitrary variables: no panic,
//! the compiled path agrees with the one-shot path, and an output bound stops
//! evaluation below the output's size and changes nothing else.
//!
//! Input layout: the first byte `n` splits the rest; the first `n * len / 256`
//! bytes are the template (lossy UTF-8), the remainder the variables, one
//! `k=v` per line (`k` without `=` is absent; `k=` is present but empty).
#![no_main]

use function_core::envsubst::{
    Error, Template, Vars, eval_map, eval_map_bytes, eval_map_bytes_bounded, json,
};
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
    match &bytes {
        Ok(out) => {
            // At the output's size: the same output, unless a value built on the way (an
            // unused default, a nested result) is larger.
            match eval_map_bytes_bounded(&template, &vars, out.len()) {
                Ok(b) => assert_eq!(&b, out),
                Err(e) => assert!(matches!(e, Error::OutputTooLarge { .. }), "{e:?}"),
            }
            if let Some(max) = out.len().checked_sub(1) {
                match eval_map_bytes_bounded(&template, &vars, max) {
                    Err(e @ Error::OutputTooLarge { .. }) => assert!(e.offset() < template.len()),
                    other => panic!("under the bound {max}: {other:?}"),
                }
            }
        }
        // A parse error wins over the bound; a lookup error may come before or after it.
        Err(e) if e.is_parse_error() => {
            assert_eq!(eval_map_bytes_bounded(&template, &vars, 0), bytes);
        }
        Err(_) => {}
    }
    let doc = vec![template.to_string()];
    let _ = json::eval(&doc, &vars);
    let _ = json::eval_strict(&doc, &vars);
});
