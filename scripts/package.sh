#!/usr/bin/env bash
# Ready to publish: `cargo package` (with its verification build) of the five published crates
# in dependency order, then `cargo install` of the CLI from its package, run once.
#
# usage: scripts/package.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
crates=(function-rules function-derive function-core function-codegen function-cli)
args=()
for c in "${crates[@]}"; do args+=(-p "$c"); done
# cargo verifies each package against the ones packaged before it through a local overlay
# registry (target/package/tmp-registry). Registry crates are taken as immutable: cargo reuses
# their unpacked sources ($CARGO_HOME/registry/src/-HASH/) and their compiled artifacts
# (target/debug, same fingerprint) from an earlier run when name and version match, even when
# the sources changed since; a stale function-rules-0.1.0 then breaks the verification of
# function-derive. Forget our own crates' copies first (nothing else is touched; the path
# crates of the workspace are rebuilt once).
cargo_home=${CARGO_HOME:-$HOME/.cargo}
# Where cargo builds: CARGO_TARGET_DIR, build.target-dir in a config, or target/.
target_dir=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
for c in "${crates[@]}"; do
  rm -rf "$cargo_home"/registry/src/-*/"$c"-0.1.0 "$target_dir"/debug/.fingerprint/"$c"-*
done
# --allow-dirty: CI runs this on a clean clone; locally the tree may hold work in progress.
cargo package --allow-dirty "${args[@]}"
for c in "${crates[@]}"; do
  echo "ok: packaged $c ($(tar -tzf "$target_dir/package/$c-0.1.0.crate" | wc -l) files)"
done

root_dir=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-install.XXXXXX")
trap 'rm -rf "$root_dir"' EXIT
# Install from the packaged sources (what crates.io would serve), in debug mode to save time.
tar -xzf "$target_dir"/package/function-cli-0.1.0.crate -C "$root_dir"
cargo install --quiet --debug --locked --offline --root "$root_dir/bin" \
  --config "patch.crates-io.function-core.path=\"$root/function-core\"" \
  --config "patch.crates-io.function-derive.path=\"$root/function-derive\"" \
  --config "patch.crates-io.function-rules.path=\"$root/function-rules\"" \
  --config "patch.crates-io.function-codegen.path=\"$root/function-codegen\"" \
  --path "$root_dir/function-cli-0.1.0" 2>&1 | grep -v '^warning: Patch' || true
version=$("$root_dir/bin/bin/kubestash-fn" --version)
echo "ok: cargo install function-cli: $version"
