#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# check-html.sh PAGE.html...
#
# Opens each page in headless Chromium as a person would, keeps a
# screenshot beside it (PAGE.png), and fails when the page's script did
# not run to its end (a script error leaves <body data-ready> unset) or
# its table shows no rows.  The pages are self-contained: Chromium runs
# with networking features off, so a page that needed the network would
# show it here.

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

main() {
    [ $# -ge 1 ] || err "usage: ${Prog_Name} PAGE.html..."
    browser=$(find_chromium) || err "Chromium is not installed (apt-get install chromium)"
    profile=$(mktemp -d)
    trap 'rm -rf "${profile}"' EXIT
    failed=0
    for page in "$@"; do
        [ -f "${page}" ] || err "${page}: no such file"
        url="file://$(cd "$(dirname "${page}")" && pwd)/$(basename "${page}")"
        dom=$(chromium_run --dump-dom "${url}") || true
        ready=$(echo "${dom}" | sed -n 's/.*<body[^>]*data-ready="\([a-z]*\)".*/\1/p' | head -n 1)
        rows=$(echo "${dom}" | sed -n 's/.*<body[^>]*data-rows="\([0-9]*\)".*/\1/p' | head -n 1)
        chromium_run --window-size=1400,1000 \
            --screenshot="${page%.html}.png" "${url}" >/dev/null || true
        if [ "${ready}" != yes ]; then
            echo "${page}: the page's script did not finish (a script error?)"
            failed=1
        elif [ -z "${rows}" ] || [ "${rows}" -eq 0 ]; then
            echo "${page}: the table shows no rows"
            failed=1
        else
            echo "${page}: ${rows} rows shown; screenshot ${page%.html}.png"
        fi
    done
    exit "${failed}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
