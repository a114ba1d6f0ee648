#!/bin/bash
# before (base commit 30b2f9a, unpacked in /tmp/replay-before) and after (this branch), one after the other
set -u
OUT=/tmp/perf-pair.txt
: > $OUT
run() {
  dir=$1; label=$2
  echo "=== $label ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >> $OUT
  (cd $dir && timeout 1500 mvn -B -q -o -pl engine -am verify \
     -Dtest='LargeSessionReplayTest#aLargeSessionReplaysIntoMemfsWithoutDivergence+theCriticalPathOfTheSession' \
     -Djpuffs.replay.large=true -Djpuffs.replay.large.ops=7500 -Djpuffs.replay.large.runs=10 \
     -Dsurefire.failIfNoSpecifiedTests=false > /tmp/perf-$label.log 2>&1)
  echo "rc $?" >> $OUT
  grep -hoE "critical path: [^<]*|replay asap into memfs: [^<]*|replayed [0-9]+ ops in [^<]*" \
     $dir/engine/target/surefire-reports/TEST-org.jpuffs.engine.replay.LargeSessionReplayTest.xml >> $OUT
  cp /tmp/perf-$label.log /tmp/perf-$label-$(date +%s).log
  true || grep -hoE "critical path: [^<]*|replay asap into memfs: [^<]*|replayed [0-9]+ ops in [^<]*" \
     $dir/engine/target/surefire-reports/TEST-org.jpuffs.engine.replay.LargeSessionReplayTest.xml >> $OUT
}
run /tmp/replay-before before
run /work/wt/replay after
run /tmp/replay-before before
run /work/wt/replay after
echo "=== done $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT
