#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# shmcompat-report run by root into a world-writable sticky folder that
# belongs to user nobody, who planted symbolic links at every temporary
# name a report could predictably use (the old .NAME.tmp.PID for the next
# PIDs, and the output names themselves), all pointing at a file of root's
# outside the folder.  Nothing outside the folder may change, no output
# may be a symbolic link, and nobody's links must all stay as they were.
# Needs root and a user nobody; skips otherwise.  TAP output.

set -u

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}
data=${top}/tests/data
report=${SHMC_REPORT:-report/shmcompat-report}
names="report.json report.md report.html"

echo "1..6"
skip_all() {
    i=1
    while [ "${i}" -le 6 ]; do
        echo "ok ${i} # SKIP $1"
        i=$((i + 1))
    done
    exit 0
}
[ "$(id -u)" -eq 0 ] || skip_all "needs root"
nobody=$(id -u nobody 2>/dev/null) || skip_all "no user nobody"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 is not installed"

work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-out-symlink.XXXXXX") || exit 1
trap 'rm -rf "${work}"' EXIT
chmod 755 "${work}"
sqlite3 "${work}/results.db" <"${data}/kyua-small.sql"
printf 'precious\n' >"${work}/victim"
out=${work}/shared
mkdir "${out}"
chown "${nobody}" "${out}"
chmod 1777 "${out}"

# plant FIRST_PID COUNT: nobody's links at the temporary names of the
# next COUNT processes.
plant() {
    pid=$1
    last=$(($1 + $2))
    while [ "${pid}" -lt "${last}" ]; do
        for n in ${names}; do
            ln -s "${work}/victim" "${out}/.${n}.tmp.${pid}"
        done
        pid=$((pid + 1))
    done
    chown -h "${nobody}" "${out}"/.*.tmp.*
}

# run_planted COMMAND...: runs COMMAND under a PID for whose temporary
# names nobody planted links just before.
run_planted() {
    # shellcheck disable=SC2016
    sh -c 'out=$1; victim=$2; owner=$3; shift 3
        for n in report.json report.md report.html; do
            ln -s "${victim}" "${out}/.${n}.tmp.$$"
            chown -h "${owner}" "${out}/.${n}.tmp.$$"
        done
        exec "$@"' sh "${out}" "${work}/victim" "${nobody}" "$@"
}

# nobody's links in the folder that point at the victim, one "NAME ->
# TARGET" line each.
links() {
    find "${out}/." ! -name . -prune -type l -user "${nobody}" \
        -exec ls -ld {} + | sed 's|.*/\./||' | grep " -> ${work}/victim\$" |
        sort
}

# Links for 100 PIDs, and for the report's own.
plant "$(sh -c 'echo $$')" 100
run_planted true
before=$(links | wc -l | tr -d ' ')

# run_report: the report, as root, into the folder; its exit in rc.
run_report() {
    run_planted "${report}" --results "${work}/results.db" --probes \
        "${data}/probes-small.json" --output-dir "${out}" \
        >"${work}/stdout" 2>"${work}/stderr"
    rc=$?
}

# check_victim N: test N, that the file outside the folder is untouched.
check_victim() {
    if [ "$(cat "${work}/victim")" = precious ]; then
        echo "ok $1 - the file outside the folder is untouched"
    else
        echo "not ok $1 - the file outside the folder was overwritten"
    fi
}

run_report
if [ "${rc}" -le 1 ]; then
    echo "ok 1 - the report was written (exit ${rc})"
else
    echo "not ok 1 - exit ${rc}: $(cat "${work}/stderr")"
fi
check_victim 2
bad=
for n in ${names}; do
    { [ -f "${out}/${n}" ] && [ ! -L "${out}/${n}" ]; } || bad="${bad} ${n}"
done
if [ -z "${bad}" ] && [ "$(links | wc -l)" -eq $((before + 3)) ]; then
    echo "ok 3 - outputs are regular files; nobody's ${before} links are intact"
else
    echo "not ok 3 - symlinked or missing output:${bad}; links" \
        "$(links | wc -l | tr -d ' ') of $((before + 3))"
fi

# Now nobody's links take the output names themselves.
rm -f "${out}"/report.*
for n in ${names}; do
    ln -s "${work}/victim" "${out}/${n}"
    chown -h "${nobody}" "${out}/${n}"
done
links >"${work}/links.before"
run_report
if [ "${rc}" -eq 2 ] && [ "$(wc -l <"${work}/stderr")" -eq 1 ] &&
    grep -q 'report.json: is a symbolic link, not replaced' "${work}/stderr"
then
    echo "ok 4 - links at the output names are refused"
else
    echo "not ok 4 - exit ${rc}: $(cat "${work}/stderr")"
fi
check_victim 5
links >"${work}/links.after"
left=$(find "${out}/." ! -name . -prune ! -type l | wc -l | tr -d ' ')
if [ "$(grep -c -v -F -f "${work}/links.after" "${work}/links.before")" \
    -eq 0 ] && [ "$(wc -l <"${work}/links.after")" -eq \
    $(($(wc -l <"${work}/links.before") + 3)) ] && [ "${left}" -eq 0 ]
then
    echo "ok 6 - nothing replaced, nothing left behind"
else
    echo "not ok 6 - links changed or ${left} files left in the folder"
fi

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
