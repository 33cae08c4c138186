# SPDX-License-Identifier: BSD-2-Clause
#
# Turns suites/observations.txt ("KEY  MEANING" lines, # comments) into the
# C table the suites check every observation against.  It refuses a
# duplicate key, a key without a meaning, and two keys that one
# observation could match both (a "*" segment matches any segment, a
# "{a,b}" segment one of its words): a key must have one meaning.

BEGIN {
    print "/* Generated from suites/observations.txt by gen-catalogue.awk. */"
    print "/* Do not edit. */"
    print ""
    # The suites' harness declares the table; shmcompat-report passes
    # -v header=lib/obs.h to compile it on its own.
    printf("#include \"%s\"\n", header != "" ? header : "suites/harness.h")
    print ""
    print "const shmc_obs_entry_t shmc_catalogue[] = {"
    n = 0
}

/^[ \t]*(#|$)/ { next }

{
    key = $1
    meaning = $0
    sub(/^[^ \t]+[ \t]+/, "", meaning)
    gsub(/\\/, "\\\\", meaning)
    gsub(/"/, "\\\"", meaning)
    if (key in seen) {
        printf("%s:%d: duplicate key %s\n", FILENAME, FNR, key) > "/dev/stderr"
        failed = 1
    }
    if (meaning == "" || meaning == $0) {
        printf("%s:%d: key %s has no meaning\n", FILENAME, FNR, key) > "/dev/stderr"
        failed = 1
    }
    seen[key] = 1
    keys[n] = key
    lines[n] = FNR
    printf("    { \"%s\", \"%s\" },\n", key, meaning)
    n++
}

# Whether the pattern segments a and b have a word in common.
function segments_meet(a, b,    wa, wb, na, nb, i, j) {
    if (a == "*" || b == "*" || a == b)
        return 1
    na = split(a ~ /^\{.*\}$/ ? substr(a, 2, length(a) - 2) : a, wa, ",")
    nb = split(b ~ /^\{.*\}$/ ? substr(b, 2, length(b) - 2) : b, wb, ",")
    for (i = 1; i <= na; i++)
        for (j = 1; j <= nb; j++)
            if (wa[i] == wb[j])
                return 1
    return 0
}

function keys_overlap(a, b,    sa, sb, n, i) {
    n = split(a, sa, ".")
    if (split(b, sb, ".") != n)
        return 0
    for (i = 1; i <= n; i++)
        if (!segments_meet(sa[i], sb[i]))
            return 0
    return 1
}

END {
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (keys_overlap(keys[i], keys[j])) {
                printf("%s:%d: key %s overlaps %s (line %d): a key " \
                    "must have one meaning\n", FILENAME, lines[j], keys[j],
                    keys[i], lines[i]) > "/dev/stderr"
                failed = 1
            }
    print "};"
    print ""
    printf("const size_t shmc_catalogue_size = %d;\n", n)
    exit failed
}
