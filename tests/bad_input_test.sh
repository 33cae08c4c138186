#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Bad input to shmcompat-report and shmcompat-probe, as a user meets it:
# each must exit 2 with one line on standard error naming the file and
# the problem, and write nothing.  TAP output.

set -u

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}
data=${top}/tests/data
report=${SHMC_REPORT:-report/shmcompat-report}
probe=${SHMC_PROBE:-probes/shmcompat-probe}

work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-bad-input.XXXXXX") || exit 1
trap 'rm -rf "${work}"' EXIT

n=0
# check NAME EXPECTED-TEXT COMMAND...: exit 2, one line of error that
# holds EXPECTED-TEXT, an empty output folder.
check() {
    name=$1
    expected=$2
    shift 2
    n=$((n + 1))
    rm -rf "${work}/out" && mkdir "${work}/out"
    "$@" >"${work}/stdout" 2>"${work}/stderr"
    rc=$?
    lines=$(wc -l <"${work}/stderr" | tr -d ' ')
    left=$(find "${work}/out/." ! -name . -prune | wc -l | tr -d ' ')
    if [ "${rc}" -eq 2 ] && [ "${lines}" -eq 1 ] && [ "${left}" -eq 0 ] &&
        grep -qF -- "${expected}" "${work}/stderr"; then
        echo "ok ${n} - ${name}"
    else
        echo "not ok ${n} - ${name}: exit ${rc}, ${lines} error lines," \
            "${left} files written: $(head -c 300 "${work}/stderr")"
    fi
}

# A kyua results database: the small fixture, then the SQL in $2.
make_db() {
    rm -f "$1"
    cat "${data}/kyua-small.sql" ${2:+"${data}/$2"} | sqlite3 "$1"
}

have_sqlite=yes
command -v sqlite3 >/dev/null 2>&1 || have_sqlite=no

echo "1..16"
[ "${have_sqlite}" = yes ] && make_db "${work}/good.db" ""

for f in bad-utf8:"line 3 column 80: invalid UTF-8" \
    lone-surrogate:"line 3 column 80: lone UTF-16 surrogate" \
    huge-number:"line 5 column 49: number out of range" \
    duplicate-key:'line 6 column 60: duplicate key "shmmax"'
do
    file=probes-${f%%:*}.json
    if [ "${have_sqlite}" = yes ]; then
        check "report refuses ${file}" "${file}: invalid JSON: ${f#*:}" \
            "${report}" --results "${work}/good.db" --probes "${data}/${file}" \
            --output-dir "${work}/out"
    else
        n=$((n + 1)); echo "ok ${n} # SKIP sqlite3 is not installed"
    fi
done

for f in bad-utf8:"invalid UTF-8" lone-surrogate:"lone UTF-16 surrogate" \
    huge-number:"number out of range"
do
    sql=kyua-obs-${f%%:*}.sql
    if [ "${have_sqlite}" = yes ]; then
        make_db "${work}/bad.db" "${sql}"
        check "report refuses the observation value of ${sql}" \
            "bad.db: suites/sysv_shm_test:shmctl__after_rmid: observation sysv_shm.rmid.bad: line 1 column" \
            "${report}" --results "${work}/bad.db" --probes \
            "${data}/probes-small.json" --output-dir "${work}/out"
    else
        n=$((n + 1)); echo "ok ${n} # SKIP sqlite3 is not installed"
    fi
done

check "merge refuses repeated result ids" \
    "report-duplicate-id.json: results[1] repeats the id" \
    "${report}" merge --output-dir "${work}/out" "${data}/report-small.json" \
    "${data}/report-duplicate-id.json"
check "diff refuses repeated result ids" "report-duplicate-id.json: results[1]" \
    "${report}" diff "${data}/report-small.json" \
    "${data}/report-duplicate-id.json"
check "platform refuses repeated result ids" "report-duplicate-id.json:" \
    "${report}" platform "${data}/report-duplicate-id.json"

# A name from the input with a line break stays on the one line.
printf '{"schema": "shmcompat.report/1", "odd\\nkey": 1}\n' \
    >"${work}/odd-key.json"
check "a key with a line break is shown on one line" \
    "unknown key 'odd\\nkey' in the report" \
    "${report}" platform "${work}/odd-key.json"

mkdir "${work}/folder"
check "merge: a folder says so" "folder: is a directory, not a JSON file" \
    "${report}" merge --output-dir "${work}/out" "${work}/folder"
check "report: a folder of probes says so" \
    "folder: is a directory, not a JSON file" \
    "${report}" --results "${work}/good.db" --probes "${work}/folder" \
    --output-dir "${work}/out"
check "report: a folder of results says so" \
    "folder: is a directory, not a kyua results database" \
    "${report}" --results "${work}/folder" --probes "${data}/probes-small.json" \
    --output-dir "${work}/out"

check "probe --get '' is no fact" "no fact named ''" "${probe}" --get ''
check "probe --get of an unknown fact" "no fact named 'nope'" \
    "${probe}" --get nope

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
