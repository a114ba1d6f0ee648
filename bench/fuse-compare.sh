#!/usr/bin/env bash
# fuse-compare.sh: the jpuffs FUSE mount of memfs side by side with bindfs (Debian's libfuse file system, over a
# tmpfs directory) and with a tmpfs directory itself. Needs root, /dev/fuse, bindfs, fio, perl, and the built jar
# (mvn -B -DskipTests install -pl cli -am). Writes the raw numbers to bench/results/fuse-compare-<date>.txt.
#
#   bench/fuse-compare.sh [FILES] [SEQ_MIB] [RAND_SECONDS]
#
# JPUFFS_WARMUP (default 3) unrecorded metadata passes warm every target first, and the metadata figures are the
# medians of JPUFFS_PASSES (default 5) measured passes: a single warm-up pass left the JVM behind jpuffs still
# compiling during the measured one (Session 15: 39 % of its CPU was C2), and single passes on these VMs vary by 2x.
# The measured passes are interleaved (tmpfs, bindfs, jpuffs, tmpfs, bindfs, jpuffs, ...), and each pass's
# jpuffs/bindfs ratio is recorded: the "ratio" line gives their medians, a comparison side by side rather than one
# made minutes apart on a machine whose speed drifts by 20 % or more between runs.
#
# Defaults: 2000 files (create, stat, unlink), 256 MiB sequential write and read (scaled down from 1 GiB: memfs keeps
# the data on the JVM heap, and three copies of 1 GiB on these 2-CPU VMs made the run take most of its time in GC),
# 10 s of random 4 KiB reads over a 64 MiB file.
#
# JPUFFS_LABEL names the run in the results file's name (say the JAVA_TOOL_OPTIONS it was made with, which the file's
# header records).
#
# JPUFFS_OPTS and BINDFS_OPTS are -o options for either mount. Both mount with default_permissions by default (bindfs
# always has since its 1.2; /proc/mounts shows it), so the kernel asks both for a directory's attributes (GETATTR)
# before its permission check after every create and unlink in it. The one difference in the requests a create
# makes: bindfs leaves POSIX locks to the kernel and answers the first FLUSH with ENOSYS, after which the kernel sends
# no FLUSH at all; jpuffs keeps locks in the engine, so each close(2) is a FLUSH round trip that drops them.
#
# JPUFFS_RECORD=none|mutations|full (default none) is the jpuffs mount's --record level. With none nothing is
# journaled and, like bindfs over tmpfs, nothing survives a crash; with mutations every metadata op is journaled
# (LevelDB under JPUFFS_DATA, default a directory on /var/tmp, with jpuffs.fsync as configured: on unless
# JPUFFS_FSYNC=off) before it is answered — the durable mode, which bindfs does not offer.
set -euo pipefail

files=${1:-2000}
seq_mib=${2:-256}
rand_seconds=${3:-10}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$repo/cli/target/jpuffs-cli.jar"
record=${JPUFFS_RECORD:-none}
warmup=${JPUFFS_WARMUP:-3}
passes=${JPUFFS_PASSES:-5}
fsync=${JPUFFS_FSYNC:-on}
label=${JPUFFS_LABEL:+-$JPUFFS_LABEL}
out="$repo/bench/results/fuse-compare-$(date -u +%Y%m%d-%H%M%S)-record-$record$([[ $fsync == off ]] && echo -fsync-off || true)$label.txt"

[[ $EUID -eq 0 ]] || { echo "fuse-compare: needs root (mount, drop_caches)" >&2; exit 1; }
[[ -f "$jar" ]] || { echo "fuse-compare: build first: mvn -B -DskipTests install -pl cli -am" >&2; exit 1; }
for tool in bindfs fio perl; do
  command -v "$tool" >/dev/null || { echo "fuse-compare: $tool missing (apt-get install $tool)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/fuse-compare-XXXXXX)
mkdir -p "$work/tmpfs" "$work/jpuffs" "$work/bindfs"
mount -t tmpfs -o size=2g fuse-compare "$work/tmpfs"
mkdir -p "$work/tmpfs/host" "$work/tmpfs/bindfs-backing"
data=${JPUFFS_DATA:-$(mktemp -d /var/tmp/fuse-compare-data-XXXXXX)}
jpuffs_pid=""
cleanup() {
  set +e
  [[ -n "$jpuffs_pid" ]] && { java -jar "$jar" umount "$work/jpuffs"; wait "$jpuffs_pid"; }
  [[ -z "${JPUFFS_DATA:-}" ]] && rm -rf "$data"
  mountpoint -q "$work/bindfs" && { umount "$work/bindfs" || umount -l "$work/bindfs"; }
  # bindfs may still be letting go of the backing directory: detach lazily rather than leave the tmpfs behind.
  umount "$work/tmpfs" 2>/dev/null || umount -l "$work/tmpfs"
  rm -rf "$work"
}
trap cleanup EXIT

java -Djpuffs.fsync="$fsync" -jar "$jar" mount --name bench --record "$record" --data "$data" \
    ${JPUFFS_OPTS:+-o "$JPUFFS_OPTS"} "$work/jpuffs" \
    > "$work/jpuffs.log" 2>&1 &
jpuffs_pid=$!
for _ in $(seq 1 300); do grep -q '^mounted' "$work/jpuffs.log" && break; sleep 0.1; done
grep -q '^mounted' "$work/jpuffs.log" || { cat "$work/jpuffs.log" >&2; exit 1; }
bindfs ${BINDFS_OPTS:+-o "$BINDFS_OPTS"} "$work/tmpfs/bindfs-backing" "$work/bindfs"

targets=(tmpfs:"$work/tmpfs/host" bindfs:"$work/bindfs" jpuffs:"$work/jpuffs")

drop_caches() {
  sync
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
}

# metadata DIR: create, stat and unlink FILES files, as ops/s, twice: in one perl process (no fork per op; perl's
# open also asks whether the file is a terminal, an IOCTL round trip), and with fio's filecreate, filestat and
# filedelete engines (the issue's; fio adds its own bookkeeping per file, which narrows the differences)
metadata() {
  perl -MTime::HiRes=time -e '
    my ($dir, $n) = @ARGV; mkdir "$dir/meta" or die "$!";
    my $t = time; for my $i (1..$n) { open(my $f, ">", "$dir/meta/f$i") or die "$!"; close $f }
    my $create = $n / (time - $t);
    $t = time; for my $i (1..$n) { my @s = stat("$dir/meta/f$i") or die "$!" }
    my $stat = $n / (time - $t);
    $t = time; for my $i (1..$n) { unlink("$dir/meta/f$i") or die "$!" }
    my $unlink = $n / (time - $t);
    rmdir "$dir/meta";
    printf "create_ops_s=%.0f stat_ops_s=%.0f unlink_ops_s=%.0f ", $create, $stat, $unlink;
  ' "$1" "$files"
  mkdir "$1/fio-meta"
  local engine iops
  for engine in create stat delete; do
    iops=$(fio --name=meta --directory="$1/fio-meta" --ioengine="file$engine" --fallocate=none --filesize=4k \
        --bs=4k --nrfiles="$files" --openfiles=1 --output-format=terse --terse-version=3 | cut -d';' -f8)
    printf 'fio_%s_ops_s=%s ' "$engine" "$iops"
  done
  rmdir "$1/fio-meta"
  echo
}

metadata_fields="create_ops_s stat_ops_s unlink_ops_s fio_create_ops_s fio_stat_ops_s fio_delete_ops_s"

# values FIELD: the N of each FIELD=N on standard input
values() {
  grep -o "\b$1=[0-9.]*" | cut -d= -f2
}

# median FIELD FILE: the median of FIELD=N over the lines of FILE
median() {
  values "$1" < "$2" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# interleaved_metadata: PASSES metadata passes over every target in turn, one line per pass and target in
# $work/passes-NAME; then each pass's jpuffs/bindfs ratios in $work/ratios
interleaved_metadata() {
  local pass target name line b j field
  for pass in $(seq 1 "$passes"); do
    for target in "${targets[@]}"; do
      name=${target%%:*}
      line=$(metadata "${target#*:}")
      echo "$line" >> "$work/passes-$name"
      echo "# pass $pass $name $line"
    done
    line="pass=$pass"
    for field in $metadata_fields; do
      b=$(tail -n 1 "$work/passes-bindfs" | values "$field")
      j=$(tail -n 1 "$work/passes-jpuffs" | values "$field")
      line+=" ${field%_ops_s}=$(awk -v j="$j" -v b="$b" 'BEGIN { printf "%.2f", j / b }')"
    done
    echo "$line" >> "$work/ratios"
    echo "# jpuffs/bindfs $line"
  done
}

# metadata_median NAME: each metadata figure of target NAME, the median over its passes
metadata_median() {
  local field
  for field in $metadata_fields; do
    printf '%s=%s ' "$field" "$(median "$field" "$work/passes-$1")"
  done
}

# sequential DIR: write then read SEQ_MIB MiB in 1 MiB blocks, as MiB/s
sequential() {
  local w r
  w=$(fio --name=seqw --directory="$1" --rw=write --bs=1m --size="${seq_mib}m" --ioengine=psync --end_fsync=1 \
      --output-format=terse --terse-version=3 | cut -d';' -f48)
  drop_caches
  r=$(fio --name=seqw --directory="$1" --rw=read --bs=1m --size="${seq_mib}m" --ioengine=psync \
      --output-format=terse --terse-version=3 | cut -d';' -f7)
  rm -f "$1"/seqw*
  echo "seq_write_mib_s=$((w / 1024)) seq_read_mib_s=$((r / 1024))"
}

# random DIR: 4 KiB random reads over a 64 MiB file, as IOPS
random_reads() {
  fio --name=randr --directory="$1" --rw=write --bs=1m --size=64m --ioengine=psync --output-format=terse >/dev/null
  drop_caches
  local iops
  iops=$(fio --name=randr --directory="$1" --rw=randread --bs=4k --size=64m --ioengine=psync --time_based \
      --runtime="$rand_seconds" --output-format=terse --terse-version=3 | cut -d';' -f8)
  rm -f "$1"/randr*
  echo "rand_read_4k_iops=$iops"
}

{
  echo "# fuse-compare $(date -u +%FT%TZ) $(uname -srm), $(nproc) CPUs; files=$files seq_mib=$seq_mib rand_seconds=$rand_seconds warmup=$warmup passes=$passes"
  echo "# tmpfs = the host directory (a tmpfs); bindfs = bindfs over a tmpfs directory; jpuffs = jpuffs mount (memfs)"
  echo "# jpuffs: --record $record, journal under $data, jpuffs.fsync=$fsync, JAVA_TOOL_OPTIONS=${JAVA_TOOL_OPTIONS:-}"
  echo "# mount options: jpuffs -o ${JPUFFS_OPTS:-(defaults)}; bindfs -o ${BINDFS_OPTS:-(defaults)}"
  # Unrecorded metadata passes first, for every target alike: the JVM behind jpuffs needs its JIT warm.
  for target in "${targets[@]}"; do
    for _ in $(seq 1 "$warmup"); do metadata "${target#*:}" >/dev/null; done
  done
  interleaved_metadata
  ratio_line="ratio jpuffs/bindfs, median of $passes interleaved passes:"
  for field in $metadata_fields; do
    ratio_line+=" ${field%_ops_s}=$(median "${field%_ops_s}" "$work/ratios")"
  done
  echo "$ratio_line"
  for target in "${targets[@]}"; do
    name=${target%%:*}
    dir=${target#*:}
    echo "$name $(metadata_median "$name")$(sequential "$dir") $(random_reads "$dir")"
  done
} | tee "$out"
echo "raw results: $out"
