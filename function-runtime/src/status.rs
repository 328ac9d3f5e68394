//! Component status as upstream writes it, and the patches that write it.
//!
//! Every write is a JSON merge patch (RFC 7386) of the status subresource whose only key is
//! `status.components.<component>`: a merge patch merges maps key by key, so the other
//! components of the same Snapshot (or RestoreSession), written by other plugins at the same
//! time, survive it. Within its own component a writer replaces what it sets; the lists
//! (`resticStats`) are replaced whole.
//!
//! ```
//! use function_runtime::status::{component_patch, human_bytes, go_duration};
//! use std::time::Duration;
//!
//! assert_eq!(human_bytes(1_293_942), "1.234 MiB");
//! assert_eq!(go_duration(Duration::from_millis(61_500)), "1m1.5s");
//! let patch = component_patch("dump", serde_json::json!({"phase": "Running"}));
//! assert_eq!(patch.to_string(), r#"{"status":{"components":{"dump":{"phase":"Running"}}}}"#);
//! ```

use std::time::Duration;

use serde_json::{Value, json};

/// `Running`.
pub const RUNNING: &str = "Running";
/// `Succeeded`.
pub const SUCCEEDED: &str = "Succeeded";
/// `Failed`.
pub const FAILED: &str = "Failed";
/// The driver a restic component reports.
pub const DRIVER_RESTIC: &str = "Restic";

/// The merge patch that sets `status.components[component]` to `value`'s fields.
pub fn component_patch(component: &str, value: Value) -> Value {
    json!({ "status": { "components": { component: value } } })
}

/// A byte count as upstream prints it: `512 B`, `1.500 KiB`, `1.234 MiB`, `2.000 GiB`,
/// `1.000 TiB` (three decimals above a KiB, binary units).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    for (size, unit) in UNITS {
        if bytes > size {
            return format!("{:.3} {unit}", bytes as f64 / size as f64);
        }
    }
    format!("{bytes} B")
}

/// A duration as Go's `time.Duration.String()` prints it: `1.5s`, `2m0s`, `1h2m3.25s`,
/// `250ms`, `0s`.
pub fn go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".into();
    }
    fn frac(value: u128, unit: u128) -> String {
        let whole = value / unit;
        let rest = value % unit;
        if rest == 0 {
            return whole.to_string();
        }
        let width = unit.ilog10() as usize;
        let digits = format!("{rest:0width$}");
        format!("{whole}.{}", digits.trim_end_matches('0'))
    }
    if nanos < 1_000 {
        return format!("{nanos}ns");
    }
    if nanos < 1_000_000 {
        return format!("{}µs", frac(nanos, 1_000));
    }
    if nanos < 1_000_000_000 {
        return format!("{}ms", frac(nanos, 1_000_000));
    }
    let secs_total = nanos / 1_000_000_000;
    let sub = nanos % 1_000_000_000;
    let hours = secs_total / 3600;
    let minutes = (secs_total % 3600) / 60;
    let secs = frac((secs_total % 60) * 1_000_000_000 + sub, 1_000_000_000);
    match (hours, minutes) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

/// A fraction (0..=1) as a percentage with two decimals: `42.00%`.
pub fn percent(fraction: f64) -> String {
    format!("{:.2}%", fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_like_upstream() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1024), "1024 B");
        assert_eq!(human_bytes(1536), "1.500 KiB");
        assert_eq!(human_bytes(3 << 30), "3.000 GiB");
        assert_eq!(human_bytes(5 << 40), "5.000 TiB");
    }

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration(Duration::ZERO), "0s");
        assert_eq!(go_duration(Duration::from_nanos(12)), "12ns");
        assert_eq!(go_duration(Duration::from_nanos(1_500)), "1.5µs");
        assert_eq!(go_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(go_duration(Duration::from_secs(1)), "1s");
        assert_eq!(go_duration(Duration::from_millis(1_234)), "1.234s");
        assert_eq!(go_duration(Duration::from_secs(120)), "2m0s");
        assert_eq!(go_duration(Duration::from_millis(3_723_250)), "1h2m3.25s");
        assert_eq!(go_duration(Duration::from_secs(3600)), "1h0m0s");
    }

    #[test]
    fn percent_two_decimals() {
        assert_eq!(percent(0.4242), "42.42%");
        assert_eq!(percent(1.0), "100.00%");
    }

    #[test]
    fn the_patch_names_only_its_component() {
        let patch = component_patch("dump-pod-1", json!({"phase": "Failed", "error": "x"}));
        let components = patch["status"]["components"].as_object().unwrap();
        assert_eq!(components.keys().collect::<Vec<_>>(), ["dump-pod-1"]);
        assert_eq!(patch.as_object().unwrap().len(), 1);
    }
}
