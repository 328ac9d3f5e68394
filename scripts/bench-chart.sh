#!/usr/bin/env bash
# Chart generation against Helm rendering, measured side by side in one run: wall time and peak
# memory of
#   chart    `kubestash-fn chart CATALOG --name bench-catalog --version 1.0.0 --out DIR
#            --helm-value waitTimeout` writing the chart of a 64-object catalog into a fresh DIR
#            on the disk ($TMPDIR or /tmp)
#   chart-shm  the same with DIR on tmpfs (/dev/shm; skipped when missing): the writer syncs
#            every file it writes (69 fsync calls for this chart), so on a disk its wall time is
#            mostly waiting for the disk; on tmpfs a sync costs nothing
#   helm3    `helm template bench DIR` (helm v3, from scripts/tools.sh) rendering that chart
#            to /dev/null
#   helm4    the same with helm v4
# The catalog is the 16 reference objects of tests/fixtures/catalog/raw (6 Addons, 10
# Functions) in 4 renamed copies (`-c0` .. `-c3` on every object name and on the Functions an
# Addon's tasks name): 64 objects. Every repetition runs the three commands one after the
# other (interleaved), so that load from other builds falls on all three alike; the figures are
# the medians. Each command runs under GNU time: wall time is measured around it (fork to exit),
# CPU time is its user + system time (getrusage, via os.wait4 on GNU time, which counts the
# command) and peak memory its maximum resident set size as GNU time reports it (%M). Not
# getrusage from Python: Linux carries the forking process's high-water mark into the child's
# maximum RSS across exec, so every figure would be at least Python's ~14 MiB; GNU time's own
# is ~1 MiB (`/usr/bin/time -f %M /bin/true`).
#
# usage: scripts/bench-chart.sh [RUNS] [KUBESTASH_FN]
#        RUNS defaults to 21; KUBESTASH_FN defaults to a release build of function-cli
#        (target/release/kubestash-fn, built here when missing or stale).
# Fails (non-zero) when python3, cargo or helm is missing, when a command fails, or when a
# rendering does not hold the 64 objects.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-21}
die() { echo "bench-chart.sh: $*" >&2; exit 1; }
command -v python3 >/dev/null || die "python3 is required"
if [ ! -x /usr/bin/time ]; then
  echo "bench-chart.sh: installing GNU time (Debian package time)" >&2
  { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } >&2
fi
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing and could not be installed"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$runs'"

if [ $# -ge 2 ]; then
  bin=$(realpath "$2")
else
  command -v cargo >/dev/null || die "cargo is required to build kubestash-fn"
  (cd "$root" && cargo build --quiet --release -p function-cli) || die "cargo build --release failed"
  bin=$root/target/release/kubestash-fn
fi
[ -x "$bin" ] || die "$bin is not an executable"

# helm v3 and v4 under target/tools (downloaded once).
# shellcheck source=tools.sh
source "$root/scripts/tools.sh" >/dev/null
for h in "$HELM3" "$HELM4"; do
  [ -x "$h" ] || die "$h is missing (scripts/tools.sh did not install it)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-bench-chart.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The 64-object catalog: 4 renamed copies of the reference objects.
python3 - "$root/tests/fixtures/catalog/raw" "$work/catalog" <<'PY'
import os, re, sys
src, out = sys.argv[1:]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(".yaml"))
if len(files) != 16:
    sys.exit(f"expected the 16 reference objects under {src}, found {len(files)}")
# The object's own name (metadata.name, indented by two spaces) and the Function a task runs.
name = re.compile(r"^(  name: |\s+function: )(\S+)$", re.M)
objects = 0
for copy in range(4):
    for path in files:
        text = open(path).read()
        renamed, n = name.subn(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}", text)
        if not n:
            sys.exit(f"{path}: no metadata.name found")
        rel = os.path.relpath(path, src)
        dest = os.path.join(out, f"c{copy}", os.path.dirname(rel),
                            os.path.basename(rel).replace(".yaml", f"-c{copy}.yaml"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w") as f:
            f.write(renamed)
        objects += text.count("\nkind: ") + text.startswith("kind: ")
print(f"catalog: {objects} objects in {len(files) * 4} files", file=sys.stderr)
if objects != 64:
    sys.exit(f"expected 64 objects, wrote {objects}")
PY

# The chart helm renders (written once here; every timed run writes a fresh copy).
chart_args=(--name bench-catalog --version 1.0.0 --helm-value waitTimeout)
"$bin" chart "$work/catalog" "${chart_args[@]}" --out "$work/chart" >/dev/null \
  || die "kubestash-fn chart failed on the generated catalog"
for h in "$HELM3" "$HELM4"; do
  kinds=$("$h" template bench "$work/chart" | grep -c '^kind: ' || true)
  [ "$kinds" = 64 ] || die "$h template rendered $kinds objects, not 64"
done

echo "kubestash-fn: $bin"
echo "helm3: $("$HELM3" version --short)  helm4: $("$HELM4" version --short)"
python3 - "$runs" "$work" "$bin" "$HELM3" "$HELM4" "${chart_args[@]}" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
runs, work, bin_, helm3, helm4 = sys.argv[1:6]
chart_args = sys.argv[6:]
runs = int(runs)
out = os.path.join(work, "out")
commands = {
    "chart": [bin_, "chart", os.path.join(work, "catalog"), *chart_args, "--out", out],
}
shm = None
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    shm = os.path.join(tempfile.mkdtemp(prefix="kubestash-fn-bench-chart.", dir="/dev/shm"), "out")
    commands["chart-shm"] = [*commands["chart"][:-1], shm]
commands |= {
    "helm3": [helm3, "template", "bench", os.path.join(work, "chart")],
    "helm4": [helm4, "template", "bench", os.path.join(work, "chart")],
}

rss_file = os.path.join(work, "maxrss")

def run(argv):
    """Wall and CPU seconds and peak RSS (KiB) of one process; fails loudly on a non-zero exit."""
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file, *argv],
                                stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited with {proc.returncode}:\n{err}")
    with open(rss_file) as f:
        maxrss = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, maxrss

wall = {k: [] for k in commands}
cpu = {k: [] for k in commands}
rss = {k: [] for k in commands}
try:
    for _ in range(runs):
        for name, argv in commands.items():
            if name.startswith("chart"):
                shutil.rmtree(argv[-1], ignore_errors=True)  # a fresh chart every time
            w, c, r = run(argv)
            wall[name].append(w)
            cpu[name].append(c)
            rss[name].append(r)
finally:
    shutil.rmtree(out, ignore_errors=True)
    if shm:
        shutil.rmtree(os.path.dirname(shm), ignore_errors=True)

load = open("/proc/loadavg").read().split()[:3]
print(f"runs={runs} (interleaved, median), {os.cpu_count()} cores, load average {' '.join(load)}")
print(f"{'':10} {'wall_ms':>9} {'min_wall_ms':>12} {'cpu_ms':>8} {'peak_rss_MiB':>13}")
med = {}
for name in commands:
    med[name] = (statistics.median(wall[name]) * 1000, statistics.median(cpu[name]) * 1000,
                 statistics.median(rss[name]) / 1024)
    w, c, r = med[name]
    print(f"{name:10} {w:9.1f} {min(wall[name]) * 1000:12.1f} {c:8.1f} {r:13.1f}")
for helm in ("helm3", "helm4"):
    for chart in [k for k in commands if k.startswith("chart")]:
        h, k = med[helm], med[chart]
        print(f"{helm}/{chart}: wall={h[0] / k[0]:.2f}x cpu={h[1] / k[1]:.2f}x "
              f"peak_rss={h[2] / k[2]:.2f}x")
PY
