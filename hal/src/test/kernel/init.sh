#!/bin/sh
# /init of the kernel-check VM (bin/kernel-vm builds the initramfs around busybox): loads the
# drivers, creates the simulated devices, mounts the host's / read-only (9p) under a tmpfs
# overlay, runs the requested script in it as root, prints "lw-vm: exit N" and powers off.
#
# Devices it creates (the checks rely on these names):
#   gpio-sim chip labelled "lw-sim" with 8 lines; lines 0..3 named lw-out0, lw-in1, lw-out2, lw-in3
#   gpio-sim chip labelled "pinctrl-bcm2711" (configfs "pi") with 58 lines GPIO0..GPIO57
#   /dev/i2c-1       lw_i2c_regs: a 256-register device at 0x50, NACK elsewhere
#   /dev/spidev0.0/1 spidev on lw_spi_loopback (MISO = MOSI)
#   pwmchip0         lw_pwm_dummy, 2 channels
export PATH=/bin:/sbin
# The first sign of life: bin/kernel-vm boots again when it does not see this in time.
echo "lw-vm: init started"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
ln -s /proc/self/fd /dev/fd
ln -s fd/0 /dev/stdin
ln -s fd/1 /dev/stdout
ln -s fd/2 /dev/stderr
mkdir /dev/pts /dev/shm
for m in virtio_pci 9pnet_virtio 9p overlay configfs i2c-dev; do
  modprobe "$m" || echo "lw-vm: modprobe $m failed"
done
for m in /lw/*.ko; do
  insmod "$m" || echo "lw-vm: insmod $m failed"
done
mount -t configfs none /sys/kernel/config 2>/dev/null
ip link set lo up

sim=/sys/kernel/config/gpio-sim/lw
mkdir "$sim" "$sim/bank0"
echo 8 >"$sim/bank0/num_lines"
echo lw-sim >"$sim/bank0/label"
for n in 0 1 2 3; do
  mkdir "$sim/bank0/line$n"
done
echo lw-out0 >"$sim/bank0/line0/name"
echo lw-in1 >"$sim/bank0/line1/name"
echo lw-out2 >"$sim/bank0/line2/name"
echo lw-in3 >"$sim/bank0/line3/name"
echo 1 >"$sim/live" || echo "lw-vm: gpio-sim chip not live"

# A second chip that stands in for a Raspberry Pi 4's GPIO controller: the label the Pi 4 board
# descriptor looks for and its 58 lines named GPIO0..GPIO57, so the firmware's own Pi 4 header map
# (physical pin -> BCM number -> line offset) lands on simulated lines.
pi=/sys/kernel/config/gpio-sim/pi
mkdir "$pi" "$pi/bank0"
echo 58 >"$pi/bank0/num_lines"
echo pinctrl-bcm2711 >"$pi/bank0/label"
n=0
while [ $n -lt 58 ]; do
  mkdir "$pi/bank0/line$n"
  echo "GPIO$n" >"$pi/bank0/line$n/name"
  n=$((n + 1))
done
echo 1 >"$pi/live" || echo "lw-vm: gpio-sim chip pi not live"

for d in /sys/bus/spi/devices/spi0.*; do
  [ -e "$d" ] || continue
  echo spidev >"$d/driver_override"
  echo "${d##*/}" >/sys/bus/spi/drivers/spidev/bind 2>/dev/null
done

cmdline=$(cat /proc/cmdline)
arg() { for w in $cmdline; do case "$w" in "$1="*) echo "${w#*=}" ;; esac; done; }

mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose host /mnt/host \
  || { echo "lw-vm: mounting the host failed"; echo "lw-vm: exit 3"; poweroff -f; }
mount -t tmpfs -o size=512m rw /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay -o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work overlay /mnt/root
mount --move /proc /mnt/root/proc
mount --move /sys /mnt/root/sys
mount --move /dev /mnt/root/dev
mount -t tmpfs run /mnt/root/run 2>/dev/null

run=$(arg lw.run)
cwd=$(arg lw.cwd)
home=$(arg lw.home)
# The script's arguments are in a host file (NUL-separated), read inside the chroot by bash (busybox
# sh has no arrays).
args=$(arg lw.args)
chroot /mnt/root /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME="$home" LW_VM_ARGS="$args" LW_VM_CWD="$cwd" TERM=dumb \
  /bin/bash -c 'cd "$LW_VM_CWD" && mapfile -d "" -t a <"$LW_VM_ARGS" && exec /bin/bash "$0" "${a[@]}"' "$run"
echo "lw-vm: exit $?"
poweroff -f
