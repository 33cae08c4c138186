#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# check-schemas.sh FILE.json...
#
# Validates probe files (probes.json) and reports (any other name) against
# report/probes.schema.json and report/report.schema.json (JSON Schema
# draft 2020-12) with ajv-cli, a standard validator from the npm registry,
# so that the schemas and what the tools write cannot drift apart.  Needs
# Node.js with npx (ci/install-deps.sh --ci).

set -eu

Prog_Name=${0##*/}
# Pinned: a new validator release must not change what CI accepts.
AJV=ajv-cli@5.0.0

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

main() {
    [ $# -ge 1 ] || err "usage: ${Prog_Name} FILE.json..."
    command -v npx >/dev/null 2>&1 || err "npx is not installed (Node.js)"
    top=$(cd "$(dirname "$0")/.." && pwd)
    failed=0
    for f in "$@"; do
        [ -f "${f}" ] || err "${f}: no such file"
        case "${f##*/}" in
            probes.json)
                set -- -s "${top}/report/probes.schema.json" ;;
            *)
                set -- -s "${top}/report/report.schema.json" \
                    -r "${top}/report/probes.schema.json" ;;
        esac
        npx --yes -p "${AJV}" ajv validate --spec=draft2020 "$@" \
            -d "${f}" || failed=1
    done
    exit "${failed}"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
