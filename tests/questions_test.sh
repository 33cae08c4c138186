#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# report/questions.txt answers portability questions from observation keys,
# probe facts and test cases; this TAP test keeps it consistent with what
# the suites measure:
#   1. every observation key a question names is in the catalogue,
#      suites/observations.txt (a "*" segment there matches any segment,
#      "{a,b}" either listed one);
#   2. every test case a question names is one its test program lists;
#   3. every probe fact a question names is a property in
#      report/probes.schema.json;
#   4. every {NAME} in an answer is a source its question names;
#   5. at least 30 questions in at least 8 topics, each with ask and answer.

set -eu

top=${SHMC_TOP_SRCDIR:-$(dirname "$0")/..}
questions="${top}/report/questions.txt"
catalogue="${top}/suites/observations.txt"
schema="${top}/report/probes.schema.json"

tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT

# The catalogue's keys, one a line.
grep -v -E '^[[:space:]]*(#|$)' "${catalogue}" | awk '{ print $1 }' \
    >"${tmp}/catalogue"

# QUESTION KIND NAME lines for every source a question names.
awk '
    $1 == "question" { q = $2 }
    $1 == "obs" || $1 == "probe" || $1 == "case" {
        for (i = 2; i <= NF; i++) print q, $1, $i
    }' "${questions}" >"${tmp}/sources"

echo "1..5"

# 1. Observation keys against the catalogue, segment by segment.
bad=$(awk '
    NR == FNR { cat[++n] = $1; next }
    $2 == "obs" {
        nk = split($3, k, ".")
        found = 0
        for (i = 1; i <= n && !found; i++) {
            nc = split(cat[i], c, ".")
            if (nc != nk) continue
            ok = 1
            for (j = 1; j <= nk; j++) {
                if (c[j] == "*" || c[j] == k[j]) continue
                # "{a,b}": one of the segments listed.
                alt = 0
                if (c[j] ~ /^\{.*\}$/) {
                    na = split(substr(c[j], 2, length(c[j]) - 2), a, ",")
                    for (x = 1; x <= na; x++) if (a[x] == k[j]) alt = 1
                }
                if (!alt) { ok = 0; break }
            }
            found = ok
        }
        if (!found) printf(" %s:%s", $1, $3)
    }' "${tmp}/catalogue" "${tmp}/sources")
if [ -z "${bad}" ]; then
    echo "ok 1 - every observation key a question names is in the catalogue"
else
    echo "not ok 1 - keys missing from suites/observations.txt:${bad}"
fi

# 2. Test cases against what the built test programs list (atf's -l),
# from the build directory make check runs in.
bad=
skipped=
awk '$2 == "case" { print $1, $3 }' "${tmp}/sources" >"${tmp}/cases"
while read -r q src; do
    program=${src%%:*}
    tc=${src#*:}
    if [ ! -x "suites/${program}" ]; then
        skipped="${skipped} ${program}"
    # A sanitizer build's leak check ends the program before stdio is
    # flushed into the pipe (libatf-c's own leaks): no leak check here.
    elif ! ASAN_OPTIONS=detect_leaks=0 "suites/${program}" -l |
        grep -q -x "ident: ${tc}"; then
        bad="${bad} ${q}:${src}"
    fi
done <"${tmp}/cases"
if [ -n "${bad}" ]; then
    echo "not ok 2 - cases their programs do not list:${bad}"
elif [ -n "${skipped}" ]; then
    echo "ok 2 # SKIP test programs not built here:${skipped}"
else
    echo "ok 2 - every test case a question names is one its program lists"
fi

# 3. Probe facts against the probes schema: each dotted segment must be a
# property name there ("tmpfs" entries are keyed by path, any path).
bad=
awk '$2 == "probe" { print $1, $3 }' "${tmp}/sources" >"${tmp}/probes"
while read -r q path; do
    # Paths (tmpfs) and function names are keys of open-ended objects.
    case "${path}" in
        tmpfs./*) check="tmpfs.${path##*.}" ;;
        functions.*) check=functions ;;
        *) check=${path} ;;
    esac
    for seg in $(echo "${check}" | tr '.' ' '); do
        if ! grep -q "\"${seg}\":" "${schema}"; then
            bad="${bad} ${q}:${path}"
            break
        fi
    done
done <"${tmp}/probes"
if [ -z "${bad}" ]; then
    echo "ok 3 - every probe fact a question names is in the probes schema"
else
    echo "not ok 3 - probe facts not in report/probes.schema.json:${bad}"
fi

# 4. Placeholders name declared sources ("*" keys match declared keys).
bad=$(awk '
    $1 == "question" { q = $2; delete known; nk = 0 }
    $1 == "obs" || $1 == "probe" || $1 == "case" {
        for (i = 2; i <= NF; i++) { known[$i] = 1; keys[q, ++nk] = $i }
    }
    $1 == "answer" || $1 == "short" || $1 == "else" || $1 == "subset" {
        line = $0
        if ($1 == "subset" && NF == 3) line = "{" $3 "}"
        while (match(line, /\{[^{}|]+[|}]/)) {
            name = substr(line, RSTART + 1, RLENGTH - 2)
            line = substr(line, RSTART + RLENGTH)
            if (name in known) continue
            if (index(name, "*") > 0) {
                pat = name
                gsub(/\./, "\\.", pat)
                gsub(/\*/, "[^.]+", pat)
                hit = 0
                for (k in known) if (k ~ ("^" pat "$")) hit = 1
                if (hit) continue
            }
            printf(" %s:{%s}", q, name)
        }
    }' "${questions}")
if [ -z "${bad}" ]; then
    echo "ok 4 - every placeholder names a source of its question"
else
    echo "not ok 4 - placeholders naming no declared source:${bad}"
fi

# 5. Enough questions and topics, each complete.
summary=$(awk '
    $1 == "topic" { topics++ }
    $1 == "question" { if (q != "" && !(ask && ans)) bad = bad " " q
        q = $2; questions++; ask = 0; ans = 0 }
    $1 == "ask" { ask = 1 }
    $1 == "answer" { ans = 1 }
    END { if (q != "" && !(ask && ans)) bad = bad " " q
        print questions + 0, topics + 0, bad }' "${questions}")
# shellcheck disable=SC2086
set -- ${summary}
if [ "$1" -ge 30 ] && [ "$2" -ge 8 ] && [ $# -eq 2 ]; then
    echo "ok 5 - $1 questions in $2 topics, each with ask and answer"
else
    shift 2
    echo "not ok 5 - ${summary%% *} questions, need 30 in 8 topics;" \
        "incomplete:" "$@"
fi
