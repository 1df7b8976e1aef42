#!/bin/bash
# usage: measure.sh CLASSES LABEL WINDOW SIZE ROUNDS
set -u
CLASSES=$1; LABEL=$2; WINDOW=$3; SIZE=$4; ROUNDS=$5
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}  # a JDK 25 java
CP=$CLASSES:$HOME/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.84/bcprov-jdk18on-1.84.jar:$HOME/.m2/repository/org/bouncycastle/bctls-jdk18on/1.84/bctls-jdk18on-1.84.jar:$HOME/.m2/repository/org/bouncycastle/bcutil-jdk18on/1.84/bcutil-jdk18on-1.84.jar
$J -Xmx64m -XX:+UseSerialGC -cp $CP EchoStraceServer.java > port.$LABEL 2>server.$LABEL.err &
SPID=$!
for i in $(seq 1 100); do [ -s port.$LABEL ] && break; sleep 0.1; done
PORT=$(head -1 port.$LABEL)
python3 client.py $PORT 300 $WINDOW $SIZE > /dev/null   # warm-up (JIT)
TIDS=$(ls /proc/$SPID/task | sed 's/^/-p /')
strace -c -f -e trace=read,write,writev,readv,epoll_wait,epoll_ctl,sendto,recvfrom,sendmsg,recvmsg -o strace.$LABEL.txt $TIDS &
STPID=$!
sleep 1
python3 client.py $PORT $ROUNDS $WINDOW $SIZE
sleep 0.5
kill -INT $STPID; wait $STPID 2>/dev/null
kill $SPID; wait $SPID 2>/dev/null
cat strace.$LABEL.txt
