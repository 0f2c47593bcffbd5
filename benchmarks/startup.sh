#!/usr/bin/env bash
# Start-up time of the packaged shell: `bin/sluice -c "SELECT 1"` from process start to exit,
# median of N runs (10 by default), printed beside `java -version` alone (the JVM's own floor),
# and the same for a query over a table (`SELECT count(*) FROM (VALUES ...)`).
# Also the CPU time (user + system) of the median run, which a loaded machine disturbs less than
# wall time, and the load average before and after: compare figures taken at similar loads.
#
#   benchmarks/startup.sh [RUNS]
#   benchmarks/startup.sh [RUNS] OTHER/cli/target/sluice.jar
#       also another build's jar, run alternately with this one, for a before/after: build it in its
#       own tree (git worktree add ../base main), since the class-data archive beside a jar only
#       works for the path it was written for (a copied jar runs without it, much slower)
#   SLUICE_CDS_ARCHIVE=/nonexistent benchmarks/startup.sh   # without the class-data archive
#   SLUICE_TRACE_STARTUP=1 bin/sluice -c "SELECT 1"         # where one start-up goes, phase by phase
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
other="${2:-}"
sluice=bin/sluice
if [ ! -f cli/target/sluice.jar ]; then
  echo "startup.sh: cli/target/sluice.jar not found; build it with: mvn -B -DskipTests package -pl cli -am" >&2
  exit 1
fi
if [ -n "$other" ] && [ ! -f "$other" ]; then
  echo "startup.sh: $other not found" >&2
  exit 1
fi

# Prints "WALL_SECONDS CPU_SECONDS" of one run of the command, its output discarded.
one_run() {
  local start end before after
  # cutime + cstime (fields 16 and 17) of this shell: the CPU of the children it waited for, in
  # clock ticks; read with builtins, since a $(...) would be another process
  read -r -a before < "/proc/$BASHPID/stat"
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  read -r -a after < "/proc/$BASHPID/stat"
  awk -v w="$((end - start))" -v c="$((after[15] + after[16] - before[15] - before[16]))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.3f %.2f\n", w / 1e9, c / hz }'
}

# Reads "WALL CPU" lines and prints the median run (by wall time): "WALL s (cpu CPU s)".
median() {
  sort -n | awk '{ w[NR] = $1; c[NR] = $2 } END { m = int((NR + 1) / 2); printf "%s s (cpu %s s)", w[m], c[m] }'
}

# Runs each command of the list RUNS times, alternating between them so that a change of load
# touches all alike; prints one median line per command, labelled.
compare() {
  local i j dir
  dir=$(mktemp -d)
  for ((i = 0; i < runs; i++)); do
    for ((j = 0; j < ${#labels[@]}; j++)); do
      eval "one_run ${commands[$j]}" >> "$dir/$j"
    done
  done
  for ((j = 0; j < ${#labels[@]}; j++)); do
    printf '%-34s %s   median of %s\n' "${labels[$j]}:" "$(median < "$dir/$j")" "$runs"
  done
  rm -rf "$dir"
}

"$sluice" -c "SELECT 1" >/dev/null # warm the file cache
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive:             $( [ -f cli/target/sluice.jsa ] && [ -z "${SLUICE_CDS_ARCHIVE:-}" ] \
  && echo "cli/target/sluice.jsa ($(du -m cli/target/sluice.jsa | cut -f1) MB)" || echo "${SLUICE_CDS_ARCHIVE:-none}")"
count='SELECT count(*) FROM (VALUES (1),(2)) t(x)'
labels=("java -version" "sluice -c SELECT 1" "sluice -c $count")
commands=("java -version" "$sluice -c 'SELECT 1'" "$sluice -c '$count'")
if [ -n "$other" ]; then
  SLUICE_JAR="$other" "$sluice" -c "SELECT 1" >/dev/null
  labels+=("other: sluice -c SELECT 1" "other: sluice -c $count")
  commands+=("env SLUICE_JAR='$other' $sluice -c 'SELECT 1'" "env SLUICE_JAR='$other' $sluice -c '$count'")
fi
compare
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
