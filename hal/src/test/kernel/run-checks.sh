#!/usr/bin/env bash
# Runs inside the kernel-check VM (bin/kernel-vm run): each check program in turn, in one boot.
# Usage: run-checks.sh JAVA_HOME MAIN_CLASS CLASSPATH [MAIN_CLASS CLASSPATH]...
# Each program prints "PASS name" / "FAIL name: why" lines and "N passed, M failed".
set -u
java_home=$1
shift
rc=0
echo "== kernel $(uname -r), $(nproc) CPUs; $("$java_home/bin/java" -version 2>&1 | head -1)"
while [ $# -ge 2 ]; do
  main=$1 cp=$2
  shift 2
  start=$(date +%s%N)
  # C1 only and the serial GC: these programs are short, and the guest's CPUs are emulated.
  "$java_home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" "$main" || rc=1
  echo "== ${main##*.} took $((($(date +%s%N) - start) / 1000000)) ms"
done
exit $rc
