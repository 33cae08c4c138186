# SPDX-License-Identifier: BSD-2-Clause
#
# Turns suites/observations.txt ("KEY  MEANING" lines, # comments) into the
# C table the suites check every observation against.

BEGIN {
    print "/* Generated from suites/observations.txt by gen-catalogue.awk. */"
    print "/* Do not edit. */"
    print ""
    print "#include \"suites/harness.h\""
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
    printf("    { \"%s\", \"%s\" },\n", key, meaning)
    n++
}

END {
    print "};"
    print ""
    printf("const size_t shmc_catalogue_size = %d;\n", n)
    exit failed
}
