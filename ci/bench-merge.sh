#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# bench-merge.sh [REPORTS [ROWS [TOOL [ROUNDS]]]]
#
# How `shmcompat-report merge` scales: generates REPORTS reports (300) of
# ROWS matrix rows each (5,000: a fifth test cases, the rest their
# observations; every platform differs from the others in some rows), then
# times the merge and, for scale, plain parsing of the same files by an
# independent JSON parser (python3's json), in turn for ROUNDS rounds (3),
# and prints the medians, wall-clock and CPU, their ratios and the verdict
# against the target: under 1 s, and at most 3 times the plain parse.  A
# benchmark, not a test: it exits 0 whatever the verdict, and the machine's
# load (printed) matters.  The verdict is given by wall-clock time, the
# time one waits (merge reads reports in one thread per processor, so its
# CPU time, all threads together, is more than its wall-clock time on an
# idle machine), and by CPU time, the work done, which a busy machine
# changes less.  TOOL defaults to the build tree's report/shmcompat-report.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

# gen_report INDEX ROWS: one shmcompat.report/2 document on stdout.
gen_report() {
    awk -v p="$1" -v rows="$2" 'BEGIN {
        cases = int(rows / 5)
        printf("{\"schema\": \"shmcompat.report/2\",\n")
        printf(" \"platform\": {\"id\": \"bench-%03d-x86_64\", ", p)
        printf("\"os\": \"Bench\", \"release\": \"%d.0\", ", p)
        printf("\"machine\": \"x86_64\"},\n")
        printf(" \"probes\": {\"schema\": \"shmcompat.probes/1\", ")
        printf("\"memory\": {\"physical_bytes\": %d, \"page_size\": 4096}, ",
            (p + 1) * 1073741824)
        printf("\"shm_dir\": {\"path\": \"/dev/shm\", \"fstype\": ")
        printf("\"tmpfs\", \"size_bytes\": %d}},\n", (p % 7 + 1) * 67108864)
        printf(" \"summary\": {\"total\": %d, \"passed\": %d, ", cases, cases)
        printf("\"observations\": %d},\n \"results\": [\n", cases * 4)
        for (c = 0; c < cases; c++) {
            printf("  {\"id\": \"suites/gen%02d_test:case__%05d\", ", c % 40, c)
            printf("\"area\": \"gen%02d\", \"status\": \"%s\", ", c % 40,
                (c + p) % 97 == 0 ? "failed" : "passed")
            printf("\"reason\": null, \"duration_ms\": %d.%03d, ", c % 50,
                (c * 7 + p) % 1000)
            printf("\"observations\": {\"gen.c%05d.create\": \"%s\", ", c,
                (c + p) % 13 == 0 ? "EINVAL" : "ok")
            printf("\"gen.c%05d.unlink\": \"ok\", ", c)
            printf("\"gen.c%05d.size\": %d, ", c, 4096 * (c % 5 + 1))
            printf("\"gen.c%05d.same\": %s}}%s\n", c,
                (c + p) % 11 == 0 ? "false" : "true",
                c + 1 < cases ? "," : "")
        }
        printf(" ],\n \"warnings\": [],\n \"answers\": []}\n")
    }'
}

# load: the load averages over 1, 5 and 15 minutes.
load() {
    cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime
}

main() {
    reports=${1:-300}
    rows=${2:-5000}
    top=$(cd "$(dirname "$0")/.." && pwd)
    tool=${3:-${top}/report/shmcompat-report}
    rounds=${4:-3}
    case "${rounds}" in
    ''|*[!0-9]*|0) err "ROUNDS must be a positive number, not '${rounds}'" ;;
    esac
    [ -x "${tool}" ] || err "${tool}: not built (run make first)"
    command -v python3 >/dev/null 2>&1 || err "python3 is not installed"
    work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-bench.XXXXXX")
    trap 'rm -rf "${work}"' EXIT INT TERM
    mkdir "${work}/in" "${work}/out"

    echo "==> generating ${reports} reports of ${rows} rows in ${work}"
    i=0
    while [ "${i}" -lt "${reports}" ]; do
        gen_report "${i}" "${rows}" >"${work}/in/r$(printf %03d "${i}").json"
        i=$((i + 1))
    done
    bytes=$(cat "${work}"/in/*.json | wc -c)
    echo "    $((bytes / 1048576)) MiB of JSON"

    echo "==> ${rounds} rounds of merge, then python3's json.load"
    echo "    load before: $(load)"
    # Wall-clock and CPU time (user + system) of each, in turn, so that a
    # change of the machine's speed touches both alike.
    python3 - "${tool}" "${work}" "${rounds}" "${bytes}" "${rows}" <<'PY'
import glob, json, os, resource, statistics, subprocess, sys, time

tool, work, rounds, size, rows = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
files = sorted(glob.glob(os.path.join(work, "in", "*.json")))

def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def merge():
    w0, c0 = time.monotonic(), cpu_children()
    out = subprocess.run([tool, "merge", "--output-dir",
                          os.path.join(work, "out")] + files,
                         check=True, capture_output=True, text=True)
    return time.monotonic() - w0, cpu_children() - c0, out.stdout.strip()

def parse():
    w0, c0 = time.monotonic(), time.process_time()
    for f in files:
        with open(f, "rb") as h:
            json.load(h)
    return time.monotonic() - w0, time.process_time() - c0

m_wall, m_cpu, p_wall, p_cpu = [], [], [], []
for i in range(rounds):
    w, c, said = merge()
    m_wall.append(w)
    m_cpu.append(c)
    w, c = parse()
    p_wall.append(w)
    p_cpu.append(c)
    print("    round %d: merge %.2f s wall, %.2f s CPU; python3 json %.2f s "
          "wall, %.2f s CPU" % (i + 1, m_wall[-1], m_cpu[-1], p_wall[-1],
                                p_cpu[-1]))
print("    merge said: " + said)

med = statistics.median

def ratios(a, b):
    return med([x / y if y > 0 else float("inf") for x, y in zip(a, b)])

ratio_wall = ratios(m_wall, p_wall)
ratio_cpu = ratios(m_cpu, p_cpu)
print("%d reports x %s rows (%.1f MiB of JSON), medians of %d rounds:"
      % (len(files), rows, size / 1048576.0, rounds))
print("  merge (read, check, matrix, answers, 6 output files): "
      "%.2f s CPU, %.2f s wall (%d processors online)"
      % (med(m_cpu), med(m_wall), os.cpu_count()))
print("  python3 json, parse alone: %.2f s CPU, %.2f s wall"
      % (med(p_cpu), med(p_wall)))
print("  ratio merge / parse (median of the rounds' ratios): %.2f CPU, "
      "%.2f wall" % (ratio_cpu, ratio_wall))

def verdict(basis, seconds, ratio):
    fast, near = seconds < 1.0, ratio <= 3.0
    return ("%s: under 1 s: %s (%.2f s); at most 3x the plain parse: %s "
            "(%.2fx): target %s" % (basis, "yes" if fast else "no", seconds,
                                    "yes" if near else "no", ratio,
                                    "met" if fast and near else "NOT met"))

print("verdict by " + verdict("wall-clock time", med(m_wall), ratio_wall))
print("verdict by " + verdict("CPU time (all threads)", med(m_cpu),
                              ratio_cpu))
PY
    echo "    load after: $(load)"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
