#!/usr/bin/env python3
"""Appends to tests/fixtures/envsubst/vectors.tsv the vectors of issue 15 that the upstream
tables lack, with their results from gomodules.xyz/envsubst v0.2.0 EvalMap (the oracle,
target/tools/oracle, built by scripts/oracle.sh):

  - a set-but-empty variable under every default and alternative operator
    (`:=`, `=`, `:-`, `:+`, `:?`), beside the same variable absent and non-empty;
  - case mapping of non-ASCII values (`^`, `^^`, `,`, `,,`).

Rows whose id is already in the file are left alone (the script is idempotent); existing rows
are not rewritten. tests/tests/envsubst_vectors_oracle.rs checks every row against the oracle.
Usage: python3 scripts/gen-envsubst-vectors.py
"""
import base64, json, pathlib, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
path = root / "tests/fixtures/envsubst/vectors.tsv"
oracle = subprocess.run(["bash", str(root / "scripts/oracle.sh")], check=True,
                        capture_output=True, text=True).stdout.strip()

def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

cases = []  # (template, vars dict with order, note)
for op in [":=", "=", ":-", ":+", ":?"]:
    for state, vars_ in [("set but empty", {"x": ""}), ("absent", {}), ("non-empty", {"x": "v"})]:
        cases.append((f"a${{x{op}w}}b", vars_, f"{op} with x {state} (issue 15)"))
    cases.append((f"${{x{op}${{y}}}}", {"x": "", "y": ""}, f"{op} with x and the nested y set but empty (issue 15)"))
for op in ["^", "^^", ",", ",,"]:
    for value in ["élan", "ÉLAN", "ǆemal", "straße", "İstanbul", "Σίσυφος", "ﬁn", "ÀB"]:
        cases.append((f"${{x{op}}}", {"x": value}, f"case mapping {op} of non-ASCII {value!r} (issue 15)"))

lines = path.read_text(encoding="utf-8").splitlines()
header = lines[0].split("\t")
rows = [l.split("\t") for l in lines[1:] if l]
ids = {r[header.index("id")] for r in rows}
next_id = max(int(i) for i in ids) + 1
requests = "".join(json.dumps({"op": "eval", "template": t, "vars": v}) + "\n" for t, v, _ in cases)
answers = subprocess.run([oracle], input=requests, check=True, capture_output=True, text=True).stdout.splitlines()
new = []
for (t, v, note), answer in zip(cases, answers):
    a = json.loads(answer)
    key = f"issue15:{t}:{json.dumps(v, ensure_ascii=False, sort_keys=True)}"
    if any(r[header.index("source")] == key for r in rows):
        continue
    out = base64.b64decode(a.get("output_b64", "")).decode("utf-8")
    fields = {
        "template": esc(t),
        "vars": ";".join(f"{esc(k)}={esc(val)}" for k, val in v.items()),
        "expected_output": esc(out),
        "expected_error": "yes" if "error" in a else "no",
        "api": "EvalMap",
        "error_text": esc(a.get("error", "")),
        "source": key,
        "basis": "oracle",
        "note": esc(note) + "; gomodules.xyz/envsubst v0.2.0 EvalMap via tests/oracle-go",
        "id": str(next_id),
    }
    next_id += 1
    new.append("\t".join(fields[h] for h in header))
if new:
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(r + "\n" for r in new))
print(f"gen-envsubst-vectors: {len(new)} rows added, {len(rows) + len(new)} in all", file=sys.stderr)
