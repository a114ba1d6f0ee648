#!/usr/bin/env bash
# fuse-parallel.sh: several processes creating and unlinking files on one jpuffs FUSE mount of memfs at once, for
# settings that trade latency against parallelism (Session 17 compared jpuffs.engine.dispatcher-threads 1 and 2 with
# it). Needs root, /dev/fuse, perl and the built jar (mvn -B -DskipTests install -pl cli -am).
#
#   bench/fuse-parallel.sh [PROCESSES] [FILES] [-Dsetting=value ...]
#
# JPUFFS_OPTS are -o options for the mount (say readers=1).
#
# Each of PROCESSES perl processes creates FILES empty files in a directory of its own, then unlinks them. Four
# unrecorded rounds warm the JIT; the seconds of the next three rounds (all processes done) are printed.
set -euo pipefail

processes=${1:-4}
files=${2:-1000}
shift $(( $# < 2 ? $# : 2 ))
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$repo/cli/target/jpuffs-cli.jar"
[[ $EUID -eq 0 ]] || { echo "fuse-parallel: needs root" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "fuse-parallel: build first: mvn -B -DskipTests install -pl cli -am" >&2; exit 1; }

mountpoint=$(mktemp -d /tmp/fuse-parallel-XXXXXX)
data=$(mktemp -d /var/tmp/fuse-parallel-data-XXXXXX)
jpuffs_pid=""
cleanup() {
  set +e
  [[ -n "$jpuffs_pid" ]] && { java -jar "$jar" umount "$mountpoint"; wait "$jpuffs_pid"; }
  rm -rf "$data"
  rmdir "$mountpoint"
}
trap cleanup EXIT

java "$@" -jar "$jar" mount --name parallel --record none --data "$data" ${JPUFFS_OPTS:+-o "$JPUFFS_OPTS"} \
    "$mountpoint" > "$data/mount.log" 2>&1 &
jpuffs_pid=$!
for _ in $(seq 1 300); do grep -q '^mounted' "$data/mount.log" && break; sleep 0.1; done
grep -q '^mounted' "$data/mount.log" || { cat "$data/mount.log" >&2; exit 1; }

round() {
  local start pids=()
  start=$(date +%s.%N)
  for p in $(seq 1 "$processes"); do
    perl -e 'my ($d, $n) = @ARGV; mkdir $d or die "$!";
      for my $i (1..$n) { open(my $f, ">", "$d/f$i") or die "$!"; close $f }
      for my $i (1..$n) { unlink "$d/f$i" or die "$!" }
      rmdir $d or die "$!"' "$mountpoint/p$p" "$files" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  echo "$(date +%s.%N) - $start" | bc
}
for _ in 1 2 3 4; do round > /dev/null; done
times=()
for _ in 1 2 3; do times+=("$(round)"); done
echo "processes=$processes files=$files settings=[$*] seconds: ${times[*]}"
