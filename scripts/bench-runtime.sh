#!/usr/bin/env bash
# Cold build time and binary size of a plugin with function-runtime beside a plain kube-rs client
# binary (kube with client + rustls/ring, k8s-openapi v1_34, tokio: it lists the Snapshots of a
# namespace), each in its own fresh target directory, release profile, with this repository's
# Cargo.lock. Prints one line per binary: name, cold build seconds, stripped size in bytes.
# Usage: bash scripts/bench-runtime.sh   (takes minutes: two cold release builds)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} CARGO_INCREMENTAL=0
work=$root/target/bench-runtime
rm -rf "$work"; mkdir -p "$work"
cargo build -q -p function-cli
kubestash_fn=$root/target/debug/kubestash-fn

# 1. The plugin `kubestash-fn new` writes (its binary runs through function-runtime).
"$kubestash_fn" new bench-plugin --out "$work/plugin" --core-path "$root/function-core" >/dev/null
cp Cargo.lock "$work/plugin/Cargo.lock"

# 2. A plain kube-rs client of the same job (no function-core, no runtime layer).
mkdir -p "$work/client/src"
cat > "$work/client/Cargo.toml" <<TOML
[package]
name = "plain-client"
version = "0.1.0"
edition = "2024"

[dependencies]
kube = { version = "5.0.0", default-features = false, features = ["client", "rustls-tls", "ring"] }
k8s-openapi = { version = "0.29.0", default-features = false, features = ["v1_34"] }
tokio = { version = "1.54.1", default-features = false, features = ["rt", "macros", "process", "time"] }
serde_json = "1"

[workspace]
TOML
cat > "$work/client/src/main.rs" <<'RS'
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = kube::Client::try_default().await?;
    let gvk = GroupVersionKind::gvk("storage.kubestash.com", "v1alpha1", "Snapshot");
    let api: Api<DynamicObject> =
        Api::namespaced_with(client, "default", &ApiResource::from_gvk_with_plural(&gvk, "snapshots"));
    for s in api.list(&Default::default()).await? {
        println!("{}", serde_json::to_string(&s.data)?);
    }
    Ok(())
}
RS
cp Cargo.lock "$work/client/Cargo.lock"

measure() { # name dir package binary
  local start end
  start=$(date +%s.%N)
  (cd "$2" && CARGO_TARGET_DIR=$2/target cargo build --release -q -p "$3")
  end=$(date +%s.%N)
  cp "$2/target/release/$4" "$work/$4.stripped"
  strip "$work/$4.stripped"
  size=$(stat -c %s "$work/$4.stripped")
  secs=$(echo "$end - $start" | bc)
  printf '%-40s cold release build %6.1f s   stripped binary %9d bytes\n' "$1" "$secs" "$size"
}
echo "bench-runtime.sh: $(rustc --version), CARGO_BUILD_JOBS=$CARGO_BUILD_JOBS, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "plugin with function-runtime" "$work/plugin" bench-plugin bench-plugin
plugin_secs=$secs plugin_size=$size
measure "plain kube-rs client" "$work/client" plain-client plain-client
printf 'plugin / client: build time %.2fx, binary size %.2fx; load after %s\n' \
  "$(echo "$plugin_secs / $secs" | bc -l)" "$(echo "$plugin_size / $size" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
