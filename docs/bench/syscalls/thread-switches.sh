#!/bin/bash
# Voluntary and involuntary context switches per thread of the load generator and of one server, over 3 s of one echo cell (16 B x 16) of `bench echo`. usage: thread-switches.sh SERVER [batch]  (batch: the server's service threads are made SCHED_BATCH with chrt first)
S=$1; MODE=$2
cd "$(dirname "$0")/../../.."
out=/tmp/cs-$S-$MODE; rm -rf $out; mkdir -p $out
./lightwire bench echo --servers $S --modes echo --sizes 16 --connections 16 --rounds 1 --warmup-ms 4000 --round-ms 8000 --out $out > $out/bench.log 2>&1 &
for i in $(seq 1 100); do [ -e $out/echo-$S.log ] && break; sleep 0.2; done
sleep 3
BENCH=$(pgrep -f 'io.lightwire.*bench' | while read p; do grep -q "EchoServerMain" /proc/$p/cmdline 2>/dev/null || { [ "$(cat /proc/$p/comm)" = java ] && echo $p; }; done | head -1)
SRV=$(pgrep -f "EchoServerMain $S" | while read p; do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -1)
if [ "$MODE" = batch ]; then
  for t in /proc/$SRV/task/*; do n=$(cat $t/comm); case "$n" in lightwire-servi*) chrt -b -p 0 $(basename $t); echo "batch: $n";; esac; done
fi
sleep 2
snap() { for t in /proc/$1/task/*; do n=$(cat $t/comm 2>/dev/null); v=$(awk '/^voluntary/{print $2}' $t/status); nv=$(awk '/^nonvoluntary/{print $2}' $t/status); echo "$n $v $nv"; done; }
snap $BENCH > $out/g0; snap $SRV > $out/s0; sleep 3; snap $BENCH > $out/g1; snap $SRV > $out/s1
wait
paste $out/g0 $out/g1 | awk '{dv=$5-$2; dn=$6-$3; if (dv+dn>1000) print "gen", $1, "vol", dv, "invol", dn}'
paste $out/s0 $out/s1 | awk '{dv=$5-$2; dn=$6-$3; if (dv+dn>1000) print "srv", $1, "vol", dv, "invol", dn}'
grep "^| 16" $out/echo.md | cut -d'|' -f4-6,8-9,11,15-16
