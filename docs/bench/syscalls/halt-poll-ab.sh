#!/bin/bash
# One- and 16-connection echo with this VM's idle poll window at 0, at the kernel's default 200 µs,
# and at 0 again (docs/bench/echo-one-connection-halt-poll-2026-12-07.md). Needs root and the
# haltpoll cpuidle driver; the window is put back as it was on exit, even on ^C.
# usage: halt-poll-ab.sh [OUT]   (reports in OUT-a, OUT-b, OUT-c; default /tmp/hp)
set -e
out=${1:-/tmp/hp}
f=/sys/module/haltpoll/parameters/guest_halt_poll_ns
[ -w $f ] || { echo "halt-poll-ab: $f is missing or not writable (root, haltpoll cpuidle)" >&2; exit 2; }
cd "$(dirname "$0")/../../.."
orig=$(cat $f)
trap 'echo $orig > $f' EXIT
run() {
  echo "$1" > $f
  echo "guest_halt_poll_ns $1 from $(date -u +%T): $out-$2"
  ./lightwire bench echo --servers lightwire,netty,raw-tcp --modes echo --sizes 16,1024 \
    --connections 1,16 --rounds 7 --load-cpus 0 --server-cpus 1 --out $out-$2 > $out-$2.log 2>&1
}
run 0 a
run 200000 b
run 0 c
