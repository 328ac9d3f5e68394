#!/usr/bin/env bash
# A Kubernetes control plane on loopback for the end-to-end checks, the way controller-runtime's
# envtest runs one: etcd and kube-apiserver on 127.0.0.1, no kubelet, no controller-manager.
#
# usage: scripts/cluster.sh up|down|env|status
#   up      builds the binaries when missing (see below), starts etcd and kube-apiserver, waits
#           for /readyz and prints the `export KUBECONFIG=...` line; when this state directory's
#           cluster is already up it says so and exits 0. On failure: the tail of the logs, the
#           processes it started stopped, exit 1.
#   down    stops both by pid (TERM, then KILL after 15 s), checks that none of the cluster's
#           ports still listens, and removes the state but the logs.
#   env     prints `export KUBECONFIG=...` (eval "$(scripts/cluster.sh env)"); exit 1 when down.
#   status  prints the server, its version and the pids; exit 0 when up, 1 when down.
#
# State (certificates, keys, kubeconfig, etcd data, pids, ports, logs) lives in
# ${KSF_CLUSTER_DIR:-<repo>/target/cluster}: several checkouts, or several state directories of
# one checkout, each run their own cluster at the same time. Ports are picked free at `up`
# (KSF_APISERVER_PORT, KSF_ETCD_PORT, KSF_ETCD_PEER_PORT choose them) and recorded in
# ports.env; KSF_CLUSTER_TIMEOUT (default 180 s) bounds the wait for /readyz.
#
# The server: a self-signed CA signs the serving certificate (127.0.0.1, localhost, the
# kubernetes.default names) and the admin's client certificate (CN=kubestash-fn-admin,
# O=system:masters); RBAC authorization; service-account tokens signed with a key pair made
# here; the ServiceAccount admission plugin off (nothing creates the default service accounts,
# as in envtest); the `kubernetes` endpoint reconciler off (the address is loopback).
#
# The binaries, cached in target/tools (rebuilt when missing or at another version):
#   kube-apiserver  k8s.io/kubernetes/cmd/kube-apiserver, built with Go from the scratch module
#                   tools/kube-apiserver (k8s.io/kubernetes with its k8s.io/* staging modules
#                   pinned to the matching v0.x), version stamped as the release build does;
#   etcd            go.etcd.io/etcd/server/v3 from tools/etcd, the version k8s.io/kubernetes
#                   requires.
# KUBE_APISERVER and ETCD (paths) use other binaries instead, as envtest's TEST_ASSET_* do.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${KSF_CLUSTER_DIR:-$root/target/cluster}
tools="$root/target/tools"
timeout=${KSF_CLUSTER_TIMEOUT:-180}

die() { echo "cluster.sh: $*" >&2; exit 1; }
say() { echo "cluster.sh: $*" >&2; }

# The version a scratch module requires of MODULE: gomod_version DIR MODULE.
gomod_version() {
  sed -n "s|^require $2 \\(v[^ ]*\\)\$|\\1|p; s|^[[:space:]]$2 \\(v[^ ]*\\)\$|\\1|p" "$root/tools/$1/go.mod" | head -1
}

# go_build DIR OUT PACKAGE LDFLAGS: builds PACKAGE of the scratch module tools/DIR into OUT.
go_build() {
  local dir=$1 out=$2 pkg=$3 ldflags=$4
  command -v go >/dev/null || die "Go is needed to build $(basename "$out") (https://go.dev/dl)"
  say "building $(basename "$out") ($pkg, tools/$dir; a cold build takes minutes)"
  (cd "$root/tools/$dir" && go build -ldflags "$ldflags" \
    -o "$out.partial" "$pkg") || die "go build of $pkg failed"
  mv "$out.partial" "$out"
}

# Sets $apiserver_bin and $etcd_bin, building what is missing or stale.
binaries() {
  mkdir -p "$tools"
  local k8s etcd_v ld p
  k8s=$(gomod_version kube-apiserver k8s.io/kubernetes)
  etcd_v=$(gomod_version etcd go.etcd.io/etcd/server/v3)
  [ -n "$k8s" ] && [ -n "$etcd_v" ] || die "no version in tools/kube-apiserver/go.mod or tools/etcd/go.mod"
  apiserver_bin=${KUBE_APISERVER:-$tools/kube-apiserver}
  etcd_bin=${ETCD:-$tools/etcd}
  # One build at a time per checkout (two `up`s of different state directories may race here).
  exec 8>"$tools/.cluster-build.lock"
  flock 8
  if [ -z "${KUBE_APISERVER:-}" ] \
    && [ "$("$apiserver_bin" --version 2>/dev/null)" != "Kubernetes $k8s" ]; then
    # The version the release build stamps (hack/lib/version.sh): helm and kubectl read it.
    ld="-s -w"
    local minor=${k8s#v1.}
    minor=${minor%%.*}
    for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld="$ld -X $p.gitVersion=$k8s -X $p.gitMajor=1 -X $p.gitMinor=$minor"
      ld="$ld -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
    done
    go_build kube-apiserver "$apiserver_bin" k8s.io/kubernetes/cmd/kube-apiserver "$ld"
  fi
  if [ -z "${ETCD:-}" ] \
    && [[ "$("$etcd_bin" --version 2>/dev/null)" != "etcd Version: ${etcd_v#v}"$'\n'* ]]; then
    go_build etcd "$etcd_bin" go.etcd.io/etcd/server/v3 "-s -w"
  fi
  exec 8>&-
  [ -x "$apiserver_bin" ] || die "no kube-apiserver at $apiserver_bin"
  [ -x "$etcd_bin" ] || die "no etcd at $etcd_bin"
}

# alive NAME: the pid in $state/NAME.pid runs, and is ours (its command line names $state).
alive() {
  local pid
  pid=$(cat "$state/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") || return 1
  [[ "$cmdline" == *"$state/"* ]]
}

load_ports() { # shellcheck source=/dev/null
  [ -f "$state/ports.env" ] && source "$state/ports.env"
}

# Three distinct free ports on 127.0.0.1 (the sockets stay bound until all three are chosen).
free_ports() {
  python3 - <<'PY'
import socket
socks = []
for _ in range(3):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

listening() { # PORT: something listens on 127.0.0.1:PORT
  [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

readyz() {
  curl -sS --max-time 5 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" \
    --key "$state/pki/admin.key" "https://127.0.0.1:$APISERVER_PORT/readyz" 2>/dev/null
}

logs_tail() {
  local f
  for f in "$state/logs/etcd.log" "$state/logs/kube-apiserver.log"; do
    [ -f "$f" ] || continue
    echo "----- tail of $f" >&2
    tail -n 30 "$f" >&2
  done
}

print_env() {
  printf 'export KUBECONFIG=%q\n' "$state/kubeconfig"
}

pki() {
  local d="$state/pki"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=kubestash-fn-cluster-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout serving.key -out serving.csr \
      -subj "/CN=kube-apiserver"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=serverAuth" \
      "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
      > serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile serving.ext -out serving.crt
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr \
      -subj "/O=system:masters/CN=kubestash-fn-admin"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
      "extendedKeyUsage=clientAuth" > admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile admin.ext -out admin.crt
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) > "$state/logs/openssl.log" 2>&1 || { cat "$state/logs/openssl.log" >&2; die "openssl failed"; }
}

kubeconfig() {
  local b64="base64 -w0"
  cat > "$state/kubeconfig.partial" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kubestash-fn
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $($b64 < "$state/pki/ca.crt")
users:
- name: kubestash-fn-admin
  user:
    client-certificate-data: $($b64 < "$state/pki/admin.crt")
    client-key-data: $($b64 < "$state/pki/admin.key")
contexts:
- name: kubestash-fn
  context:
    cluster: kubestash-fn
    user: kubestash-fn-admin
    namespace: default
current-context: kubestash-fn
EOF
  chmod 600 "$state/kubeconfig.partial"
  mv "$state/kubeconfig.partial" "$state/kubeconfig"
}

# stop NAME: TERM, up to 15 s, then KILL; only our own process (see alive).
stop() {
  local name=$1 pid i
  if alive "$name"; then
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) ignored TERM for 15 s: KILL"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
    kill -0 "$pid" 2>/dev/null && die "$name (pid $pid) is still running"
  fi
  rm -f "$state/$name.pid"
}

down_inner() {
  load_ports || true
  stop kube-apiserver
  stop etcd
  local p
  for p in ${APISERVER_PORT:-} ${ETCD_PORT:-} ${ETCD_PEER_PORT:-}; do
    if listening "$p"; then
      die "port $p still listens after down: $(ss -Hltnp "sport = :$p" 2>/dev/null)"
    fi
  done
  # Keep the logs (a failed run can be read afterwards); a next `up` starts from nothing.
  rm -rf "$state/etcd-data" "$state/pki" "$state/kubeconfig" "$state/ports.env"
}

fail_up() {
  say "up failed: $*"
  logs_tail
  down_inner || true
  exit 1
}

up() {
  local t0 p
  t0=$(date +%s.%N)
  if alive kube-apiserver && alive etcd && load_ports && [ "$(readyz)" = ok ]; then
    say "already up at https://127.0.0.1:$APISERVER_PORT ($state)"
    print_env
    return 0
  fi
  # Half up or stale (a crash, a reboot): clean it away first.
  down_inner
  binaries
  mkdir -p "$state/logs"
  : > "$state/logs/etcd.log"
  : > "$state/logs/kube-apiserver.log"
  local picked
  read -r -a picked < <(free_ports)
  APISERVER_PORT=${KSF_APISERVER_PORT:-${picked[0]}}
  ETCD_PORT=${KSF_ETCD_PORT:-${picked[1]}}
  ETCD_PEER_PORT=${KSF_ETCD_PEER_PORT:-${picked[2]}}
  for p in "$APISERVER_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT"; do
    listening "$p" && die "port $p is already in use"
  done
  printf 'APISERVER_PORT=%s\nETCD_PORT=%s\nETCD_PEER_PORT=%s\n' \
    "$APISERVER_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" > "$state/ports.env"
  pki

  # setsid: the servers outlive this script and the terminal's process group; not being a
  # group leader here, setsid execs in place, so $! is the server's pid. The lock descriptors
# (8, 9) are closed for them: a server holding them would block every later up or down.
  local etcd_url="http://127.0.0.1:$ETCD_PORT" peer_url="http://127.0.0.1:$ETCD_PEER_PORT"
  setsid "$etcd_bin" --name=kubestash-fn --data-dir="$state/etcd-data" \
    --listen-client-urls="$etcd_url" --advertise-client-urls="$etcd_url" \
    --listen-peer-urls="$peer_url" --initial-advertise-peer-urls="$peer_url" \
    --initial-cluster="kubestash-fn=$peer_url" --unsafe-no-fsync=true --log-level=warn \
    < /dev/null >> "$state/logs/etcd.log" 2>&1 8>&- 9>&- &
  echo $! > "$state/etcd.pid"
  local i
  for i in $(seq 300); do
    [ "$(curl -sS --max-time 2 "$etcd_url/health" 2>/dev/null | python3 -c \
      'import json,sys; print(json.load(sys.stdin).get("health"))' 2>/dev/null)" = true ] && break
    alive etcd || fail_up "etcd exited"
    sleep 0.1
  done
  [ "$i" -lt 300 ] || fail_up "etcd not healthy after 30 s"

  local pk="$state/pki"
  setsid "$apiserver_bin" \
    --advertise-address=127.0.0.1 --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --tls-cert-file="$pk/serving.crt" --tls-private-key-file="$pk/serving.key" \
    --client-ca-file="$pk/ca.crt" \
    --etcd-servers="$etcd_url" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pk/sa.pub" --service-account-signing-key-file="$pk/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --authorization-mode=RBAC --allow-privileged=true \
    --disable-admission-plugins=ServiceAccount \
    --endpoint-reconciler-type=none \
    --profiling=false \
    < /dev/null >> "$state/logs/kube-apiserver.log" 2>&1 8>&- 9>&- &
  echo $! > "$state/kube-apiserver.pid"
  kubeconfig
  local deadline=$((SECONDS + timeout))
  until [ "$(readyz)" = ok ]; do
    alive kube-apiserver || fail_up "kube-apiserver exited"
    alive etcd || fail_up "etcd exited"
    [ "$SECONDS" -lt "$deadline" ] || fail_up "kube-apiserver not ready after $timeout s: $(readyz)"
    sleep 0.25
  done
  say "up at https://127.0.0.1:$APISERVER_PORT (kube-apiserver pid $(cat "$state/kube-apiserver.pid"), etcd pid $(cat "$state/etcd.pid") on $ETCD_PORT) in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)") s"
  print_env
}

down() {
  local t0
  t0=$(date +%s.%N)
  [ -d "$state" ] || { say "down (no state in $state)"; return 0; }
  down_inner
  say "down in $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)") s: no process, no port left"
}

status() {
  if alive kube-apiserver && alive etcd && load_ports && [ "$(readyz)" = ok ]; then
    local v
    v=$(curl -sS --max-time 5 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" \
      --key "$state/pki/admin.key" "https://127.0.0.1:$APISERVER_PORT/version" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["gitVersion"])')
    echo "up: https://127.0.0.1:$APISERVER_PORT kube-apiserver $v (pid $(cat "$state/kube-apiserver.pid")), etcd 127.0.0.1:$ETCD_PORT (pid $(cat "$state/etcd.pid")); state $state"
  else
    echo "down ($state)"
    return 1
  fi
}

cmd=${1:-}
case "$cmd" in
  up | down | status)
    mkdir -p "$state"
    exec 9>"$state/.lock"
    flock 9
    "$cmd"
    ;;
  env)
    alive kube-apiserver || die "the cluster of $state is down (scripts/cluster.sh up)"
    print_env
    ;;
  *)
    echo "usage: scripts/cluster.sh up|down|env|status   (state: \${KSF_CLUSTER_DIR:-target/cluster})" >&2
    exit 2
    ;;
esac
