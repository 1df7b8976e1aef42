#!/bin/bash
# The load generator's and one server's system calls and context switches during one echo cell
# of `bench echo` (a single 8 s window), counted by `perf stat` for 3 s in its middle. Needs perf and
# tracefs (mount -t tracefs nodev /sys/kernel/tracing). usage: generator-perf.sh SERVER [SIZE] [CONNS]
S=$1; SZ=${2:-16}; C=${3:-16}
cd "$(dirname "$0")/../../.."
out=/tmp/gp-$S-$SZ-$C; rm -rf $out; mkdir -p $out
./lightwire bench echo --servers $S --modes echo --sizes $SZ --connections $C --rounds 1 --warmup-ms 3000 --round-ms 8000 --out $out > $out/bench.log 2>&1 &
for i in $(seq 1 100); do [ -e $out/echo-$S.log ] && break; sleep 0.2; done
sleep 6
BENCH=$(pgrep -f 'io.lightwire.*bench' | while read p; do if grep -q "EchoServerMain" /proc/$p/cmdline 2>/dev/null; then :; else echo $p; fi; done | while read p; do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -1)
SRV=$(pgrep -f "EchoServerMain $S" | while read p; do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -1)
echo "bench=$BENCH server=$SRV"
EV=context-switches,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_readv,syscalls:sys_enter_sched_yield,syscalls:sys_enter_futex,task-clock
perf stat -e $EV -p $BENCH -x, -o $out/gen.perf -- sleep 3 &
perf stat -e $EV -p $SRV -x, -o $out/srv.perf -- sleep 3 &
sleep 3.2
wait
grep "^| [0-9]" $out/echo.md
echo "--- generator"; grep -v "^#" $out/gen.perf | cut -d, -f1,3
echo "--- server"; grep -v "^#" $out/srv.perf | cut -d, -f1,3
