# SPDX-License-Identifier: BSD-2-Clause
#
# Sourced by the scripts that mount in private namespaces.  make_private is
# the shell text that makes mount propagation private in a new mount
# namespace, so that nothing mounted there reaches the host: recursively
# from /, or, where / is no mount point of its own (a chroot, some
# containers), one visible mount at a time.  It runs in the namespace's own
# shell, hence the single quotes.

# shellcheck disable=SC2016,SC2034
make_private='mount --make-rprivate / 2>/dev/null ||
    for m in $(cut -d" " -f5 /proc/self/mountinfo); do
        mount --make-private "$m" 2>/dev/null || :
    done'
