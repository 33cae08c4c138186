#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# Bad providers, as a library author meets them: a plugin of another ABI,
# of another struct size, without the symbol, with a required operation
# NULL, a file that is no shared object; an adapter that hangs, dies or
# answers garbage, at its hello or at its first request.  Every case of
# the generic suite programs must fail, none pass, each with one line
# that says why; where the adapter broke only after a good hello, cases
# may skip for what its hello declared it lacks.  No hang: adapters get a
# short deadline.  TAP output.

set -u

top_build=$(cd "${SHMC_TOP_BUILDDIR:-.}" && pwd) || exit 1
plugins=${top_build}/tests/.libs
programs="suites/lifetime_test suites/visibility_test suites/provider_test"

work=$(mktemp -d "${TMPDIR:-/tmp}/shmc-bad-provider.XXXXXX") || exit 1
trap 'rm -rf "${work}"' EXIT
# A run cut off by a signal ends through the EXIT trap too (sh runs it only
# on exit), so its work folder goes with it.
trap 'exit 1' HUP INT PIPE TERM

# Adapters: sh scripts that say hello (or not) and then misbehave.
hello='echo "ok bad no%20library 0 named,unlink"'
adapter() {
    printf '#! /bin/sh\n%s\n' "$2" >"${work}/$1"
    chmod 755 "${work}/$1"
}
adapter hang_hello 'while read -r l; do :; done'
adapter crash_hello 'read -r l; kill -s SEGV $$'
adapter exit_hello 'read -r l; exit 3'
adapter garbage_hello 'read -r l; echo "%%% no protocol"'
adapter hang_request "read -r l; ${hello}"'; while read -r l; do :; done'
adapter crash_request "read -r l; ${hello}"'; read -r l; kill -s SEGV $$'
adapter garbage_request "read -r l; ${hello}"'; while read -r l; do echo "what?"; done'
printf 'not a shared object\n' >"${work}/text.so"

# Leaks are kyua's check (make check), not this one's: in a sanitizer
# build, LeakSanitizer would end a program before its list or its result
# is written.
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS

# The cases run in a work directory of their own, as under kyua; a bad
# provider creates nothing there.
mkdir "${work}/wd" && cd "${work}/wd" || exit 1

# The cases of each program, listed once.
for prog in ${programs}; do
    "${top_build}/${prog}" -l | sed -n "s|^ident: |${prog} |p"
done >"${work}/cases"

n=0
# check NAME EXPECTED-TEXT MIDWAY VAR=VALUE...: no case of the generic
# programs, each run alone with the configuration VAR=VALUE..., passes;
# every one fails with one line holding EXPECTED-TEXT, except, when the
# provider broke only MIDWAY (after a good hello), cases that skip for
# what its hello said it lacks before they ever talk to it.
check() {
    name=$1
    expected=$2
    midway=$3
    shift 3
    n=$((n + 1))
    failed=0
    skipped=0
    bad=
    args=
    for v in "$@"; do args="${args} -v ${v}"; done
    while read -r prog tc; do
        : >"${work}/result"
        # shellcheck disable=SC2086
        "${top_build}/${prog}" -r "${work}/result" ${args} "${tc}" \
            >/dev/null 2>&1 </dev/null
        result=
        lines=0
        while IFS= read -r l; do
            result=${l}
            lines=$((lines + 1))
        done <"${work}/result"
        case ${result} in
        "failed: "*"${expected}"*)
            if [ "${lines}" -eq 1 ]; then
                failed=$((failed + 1))
                continue
            fi ;;
        "skipped: "*)
            if [ "${midway}" = yes ]; then
                skipped=$((skipped + 1))
                continue
            fi ;;
        esac
        bad="${bad}
# ${prog##*/}:${tc}: $(printf '%s' "${result}" | head -c 200)"
    done <"${work}/cases"
    if [ -z "${bad}" ] && [ "${failed}" -gt 0 ]; then
        echo "ok ${n} - ${name}: ${failed} cases failed saying so," \
            "${skipped} skipped before using it"
    else
        echo "not ok ${n} - ${name}:${bad}"
    fi
}

# A build that cannot load plugins at all (configure's reason, in
# config.h) skips every plugin case, whatever the file: nothing to check.
no_plugins=$(sed -n 's/^#define SHMC_NO_PLUGINS_REASON "\(.*\)"$/\1/p' \
    "${top_build}/config.h")
plugin_check() {
    if [ -n "${no_plugins}" ]; then
        n=$((n + 1))
        echo "ok ${n} - $1 # SKIP ${no_plugins}"
        return 0
    fi
    check "$@"
}

echo "1..13"
abs=${plugins}
plugin_check "plugin of the next ABI" \
    "provider ABI 2, these suites speak ABI 1" no \
    provider_path="${abs}/bad_abi.so"
plugin_check "plugin of another struct size" "struct_size" no \
    provider_path="${abs}/bad_size.so"
plugin_check "shared object without the symbol" \
    "no symbol 'shmcompat_provider': not a shmcompat provider plugin" no \
    provider_path="${abs}/bad_nosym.so"
plugin_check "plugin with a required operation NULL" \
    "required operation is NULL" no provider_path="${abs}/bad_null.so"
plugin_check "a file that is no shared object" "not a loadable shared object" no \
    provider_path="${work}/text.so"
plugin_check "a plugin that is not there" "not a loadable shared object" no \
    provider_path="${work}/missing.so"
check "adapter that never says hello" \
    "gave no reply to 'hello' within 200 ms and was killed" no \
    adapter_path="${work}/hang_hello" adapter_deadline_ms=200
check "adapter that dies at hello" "died of SIGSEGV during 'hello'" no \
    adapter_path="${work}/crash_hello"
check "adapter that exits at hello" "exited with status 3 during 'hello'" \
    no adapter_path="${work}/exit_hello"
check "adapter that answers hello with garbage" \
    "answered 'hello' with '%%% no protocol'" no \
    adapter_path="${work}/garbage_hello"
check "adapter that hangs at its first request" \
    "within 200 ms and was killed" yes \
    adapter_path="${work}/hang_request" adapter_deadline_ms=200
check "adapter that dies at its first request" "died of SIGSEGV during '" \
    yes adapter_path="${work}/crash_request"
check "adapter that answers its first request with garbage" \
    "the adapter answered 'what?', which the protocol does not know" yes adapter_path="${work}/garbage_request"
