#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/fuzz_targets/), each for SECONDS:
#   envsubst      arbitrary bytes split into a template and `k=v` variables; asserts no panic
#                 and that the compiled and one-shot paths agree.
#   plugin_args   arbitrary argv (NUL-separated) for the plugin argument parser (a struct of
#                 every kind of field, and a two-Function plugin_cli! enum); asserts no panic,
#                 that errors are usage errors, and that where it parses, to_args parses back
#                 to the same value.
#   yaml_objects  the YAML loader into typed objects over arbitrary bytes: no panic, errors
#                 positioned inside the text, canonical YAML reads back as the same objects,
#                 source maps that agree with the documents and point inside the text.
#   lint          the lint over arbitrary YAML: no panic reading, checking or rendering (human,
#                 JSON, SARIF), every diagnostic inside its text on character boundaries, the
#                 same findings without positions.
#   admission     the webhook's request decoder and decision (function_core::admission::answer)
#                 over arbitrary bytes, with and without a cluster: no panic, 200 exactly for an
#                 AdmissionReview v1 with a request (else 400), the answer always a review whose
#                 uid is the request's, a denial always with a message. Seeded with
#                 tests/fixtures/admission/*.json.
#   import        the importer (function_codegen::generate) over arbitrary YAML: no panic, every
#                 problem names an object of the input and a field, and where it succeeds one
#                 type per object and source that syn parses, the same on a second run.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]    (default: 60 s, every target)
#        FUZZ_ARGS="-jobs=2" scripts/fuzz.sh 30 lint    (more libFuzzer arguments)
#
# Each target's corpus is fuzz/corpus/TARGET/ (not committed), seeded from fuzz/seeds/TARGET.txt
# when that exists (one input per line, its first field as is, the others joined with NUL
# bytes: tabs in the file); the YAML targets are also seeded with every *.yaml file under
# tests/fixtures. Crashes land in fuzz/artifacts/TARGET/.
#
# Needs cargo-fuzz (installed with `cargo install cargo-fuzz --locked` when missing, so that a
# clean clone runs this as is) and a C++ compiler (libfuzzer-sys builds libFuzzer). With a
# nightly toolchain it runs with AddressSanitizer; on stable (this project's toolchain) it runs
# without a sanitizer (`-s none`), which is enough for a safe-Rust crate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz (cargo install cargo-fuzz --locked)" >&2
  cargo install --quiet cargo-fuzz --locked
fi
if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1; then
  echo "error: no C++ compiler (libfuzzer-sys needs one): apt-get install g++" >&2
  exit 1
fi
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_targets/*.rs; do
    targets+=("$(basename "$f" .rs)")
  done
fi
toolchain=()
sanitizer=none
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
  sanitizer=address
fi

# seed TARGET: writes fuzz/seeds/TARGET.txt's inputs into the corpus.
seed() {
  local seeds="fuzz/seeds/$1.txt" corpus="fuzz/corpus/$1" n=0 line
  [ -f "$seeds" ] || return 0
  mkdir -p "$corpus"
  while IFS= read -r line; do
    case "$line" in '#'*|'') continue ;; esac
    n=$((n + 1))
    {
      printf '%s' "${line%%$'\t'*}"
      if [[ "$line" == *$'\t'* ]]; then printf '%s' "${line#*$'\t'}" | tr '\t' '\0'; fi
    } >"$corpus/seed-$n"
  done <"$seeds"
  echo "$1: $n seeds from $seeds"
}

# seed_fixtures TARGET: copies every *.yaml file of tests/fixtures into the corpus.
seed_fixtures() {
  local corpus="fuzz/corpus/$1" n=0 f
  mkdir -p "$corpus"
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    cp "$f" "$corpus/fixture-$n.yaml"
  done < <(find tests/fixtures -name '*.yaml' -size -64k -print0 | sort -z)
  echo "$1: $n seeds from tests/fixtures"
}

# seed_reviews TARGET: copies the AdmissionReview fixtures into the corpus.
seed_reviews() {
  local corpus="fuzz/corpus/$1" n=0 f
  mkdir -p "$corpus"
  for f in tests/fixtures/admission/*.json; do
    n=$((n + 1))
    cp "$f" "$corpus/review-$n.json"
  done
  echo "$1: $n seeds from tests/fixtures/admission"
}

for target in "${targets[@]}"; do
  seed "$target"
  case "$target" in
    yaml_objects|lint|import) seed_fixtures "$target" ;;
    admission) seed_reviews "$target" ;;
  esac
  mkdir -p "fuzz/corpus/$target"
  # shellcheck disable=SC2086
  cargo "${toolchain[@]}" fuzz run "$target" -s "$sanitizer" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" ${FUZZ_ARGS:-}
done
