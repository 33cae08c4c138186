#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# check-html.sh PAGE.html...
#
# Opens each page in headless Chromium at 1280x800, as a person would on
# a laptop, keeps a screenshot of that first screen beside it (PAGE.png),
# and fails when the page's script did not run to its end (a script error
# leaves <body data-ready> unset), its tables show no rows or one of them
# is empty, or, on a report page, the summary and the conformance findings
# are not on the first screen.  The pages are self-contained: Chromium
# runs with networking features off, so a page that needed the network
# would show it here.

set -eu

Prog_Name=${0##*/}

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

find_chromium() {
    for c in chromium chromium-browser google-chrome; do
        if command -v "${c}" >/dev/null 2>&1; then
            command -v "${c}"
            return 0
        fi
    done
    return 1
}

chromium_run() {
    "${browser}" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync \
        --user-data-dir="${profile}" "$@" 2>/dev/null
}

# The value of data-NAME on the page's <body>, as its script left it.
body_attr() {
    echo "${dom}" | sed -n "s/.*<body[^>]*data-$1=\"\([a-z0-9]*\)\".*/\1/p" |
        head -n 1
}

main() {
    [ $# -ge 1 ] || err "usage: ${Prog_Name} PAGE.html..."
    browser=$(find_chromium) || err "Chromium is not installed (apt-get install chromium)"
    profile=$(mktemp -d)
    trap 'rm -rf "${profile}"' EXIT
    failed=0
    for page in "$@"; do
        [ -f "${page}" ] || err "${page}: no such file"
        url="file://$(cd "$(dirname "${page}")" && pwd)/$(basename "${page}")"
        dom=$(chromium_run --window-size=1280,800 --dump-dom "${url}") ||
            true
        ready=$(body_attr ready)
        rows=$(body_attr rows)
        empty=$(body_attr empty-tables)
        first=$(body_attr first-screen)
        chromium_run --window-size=1280,800 \
            --screenshot="${page%.html}.png" "${url}" >/dev/null || true
        if [ "${ready}" != yes ]; then
            echo "${page}: the page's script did not finish (a script error?)"
            failed=1
        elif [ -z "${rows}" ] || [ "${rows}" -eq 0 ]; then
            echo "${page}: the table shows no rows"
            failed=1
        elif [ -n "${empty}" ] && [ "${empty}" -ne 0 ]; then
            echo "${page}: ${empty} tables are empty"
            failed=1
        elif [ -n "${first}" ] && [ "${first}" != yes ]; then
            echo "${page}: the summary and the conformance findings are not" \
                "on the first screen (1280x800)"
            failed=1
        else
            echo "${page}: ${rows} rows shown; screenshot ${page%.html}.png"
        fi
    done
    exit "${failed}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
