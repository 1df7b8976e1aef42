#!/usr/bin/env bash
# Runs inside the kernel-check VM (bin/kernel-vm run): the HAL's checks against the real drivers,
# then, when a firmware class path is given, the firmware's checks on the same simulated chip.
# Usage: run-checks.sh JAVA_HOME HAL_CLASSPATH [FIRMWARE_CLASSPATH]
set -u
java_home=$1
hal_cp=$2
fw_cp=${3:-}
rc=0
echo "== kernel $(uname -r), $(nproc) CPUs; java: $("$java_home/bin/java" -version 2>&1 | head -1)"
start=$(date +%s%N)
"$java_home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$hal_cp" io.lightwire.hal.kernel.KernelChecks || rc=1
echo "== hal checks took $((($(date +%s%N) - start) / 1000000)) ms"
if [ -n "$fw_cp" ]; then
  start=$(date +%s%N)
  "$java_home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$fw_cp" io.lightwire.firmware.kernel.FirmwareKernelChecks || rc=1
  echo "== firmware checks took $((($(date +%s%N) - start) / 1000000)) ms"
fi
exit $rc
