#!/usr/bin/env bash
# Start-up time of the packaged shell: `bin/sluice -c "SELECT 1"` from process start to exit,
# median of N runs (10 by default), printed beside `java -version` alone (the JVM's own floor).
# Also the CPU time (user + system) of the median run, which a loaded machine disturbs less than
# wall time, and the load average before and after: compare figures taken at similar loads.
#
#   benchmarks/startup.sh [RUNS]
#   SLUICE_CDS_ARCHIVE=/nonexistent benchmarks/startup.sh   # without the class-data archive
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
sluice=bin/sluice
if [ ! -f cli/target/sluice.jar ]; then
  echo "startup.sh: cli/target/sluice.jar not found; build it with: mvn -B -DskipTests package -pl cli -am" >&2
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

# Prints the median run (by wall time) of N runs: "WALL CPU".
median_of() {
  local i
  for ((i = 0; i < runs; i++)); do
    one_run "$@"
  done | sort -n | awk '{ w[NR] = $1; c[NR] = $2 } END { m = int((NR + 1) / 2); printf "%s s (cpu %s s)", w[m], c[m] }'
}

"$sluice" -c "SELECT 1" >/dev/null # warm the file cache
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "archive:             $( [ -f cli/target/sluice.jsa ] && [ -z "${SLUICE_CDS_ARCHIVE:-}" ] \
  && echo "cli/target/sluice.jsa ($(du -m cli/target/sluice.jsa | cut -f1) MB)" || echo "${SLUICE_CDS_ARCHIVE:-none}")"
echo "java -version:       $(median_of java -version)   median of $runs"
echo "sluice -c SELECT 1:  $(median_of "$sluice" -c "SELECT 1")   median of $runs"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
