#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# bench-merge.sh [REPORTS [ROWS [TOOL]]]
#
# How `shmcompat-report merge` scales: generates REPORTS reports (300) of
# ROWS matrix rows each (5,000: a fifth test cases, the rest their
# observations; every platform differs from the others in some rows), then
# times the merge and, for scale, plain parsing of the same files by an
# independent JSON parser (python3's json), and prints both, wall-clock
# and CPU, and their ratios.  A benchmark, not a test: it asserts nothing, and the
# machine's load (printed) matters.  TOOL defaults to the build tree's
# report/shmcompat-report.

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

main() {
    reports=${1:-300}
    rows=${2:-5000}
    top=$(cd "$(dirname "$0")/.." && pwd)
    tool=${3:-${top}/report/shmcompat-report}
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

    echo "==> load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null ||
        uptime)"
    # Wall-clock and CPU time (user + system) of each: on a shared machine
    # the CPU times compare better than the wall-clock ones.
    python3 - "${tool}" "${work}" "${reports}" "${rows}" <<'PY'
import glob, json, os, resource, subprocess, sys, time

tool, work, reports, rows = sys.argv[1:5]
files = sorted(glob.glob(os.path.join(work, "in", "*.json")))

def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

w0, c0 = time.time(), cpu_children()
out = subprocess.run([tool, "merge", "--output-dir", os.path.join(work, "out")]
                     + files, check=True, capture_output=True, text=True)
merge_wall, merge_cpu = time.time() - w0, cpu_children() - c0
print("    merge: " + out.stdout.strip())

w0, c0 = time.time(), time.process_time()
for f in files:
    with open(f, "rb") as h:
        json.load(h)
parse_wall, parse_cpu = time.time() - w0, time.process_time() - c0

print("%s reports x %s rows:" % (reports, rows))
print("  merge (parse, check, matrix, answers, 6 output files): "
      "%.2f s wall, %.2f s CPU" % (merge_wall, merge_cpu))
print("  python3 json, parse alone: %.2f s wall, %.2f s CPU"
      % (parse_wall, parse_cpu))
print("  ratio merge / parse: %.2f wall, %.2f CPU"
      % (merge_wall / parse_wall, merge_cpu / parse_cpu))
PY
    echo "==> load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null ||
        uptime)"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
