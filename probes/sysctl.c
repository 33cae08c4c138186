/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "probes/sysctl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/** Parses a non-negative decimal integer with optional surrounding blanks
 * and one trailing newline, as /proc/sys files hold them.  Values above
 * 2^64-1, signs and other characters are errors. */
shmc_error_t
shmc_sysctl_parse_u64(const char *text, uint64_t *out)
{
    const char *p = text;
    uint64_t value = 0;
    unsigned int digit;
    size_t ndigits = 0;

    while (*p == ' ' || *p == '\t')
        p++;
    for (; *p >= '0' && *p <= '9'; p++, ndigits++) {
        digit = (unsigned int)(*p - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return shmc_error_new("value '%.32s' does not fit in 64 bits",
                text);
        value = value * 10 + digit;
    }
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    if (ndigits == 0 || *p != '\0')
        return shmc_error_new("'%.32s' is not a non-negative integer", text);
    *out = value;
    return shmc_no_error();
}

/** Parses one line of sysctl(8) output, "name: value" (FreeBSD, macOS) or
 * "name = value" (Linux), into the name and its integer value. */
shmc_error_t
shmc_sysctl_parse_line(const char *line, char *name, size_t namesize,
    uint64_t *out)
{
    size_t len;
    const char *sep;

    len = strcspn(line, ":=");
    sep = line + len;
    if (*sep == '\0' || len == 0)
        return shmc_error_new("expected 'name: value' or 'name = value'");
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= namesize)
        return shmc_error_new("empty or over-long name");
    memcpy(name, line, len);
    name[len] = '\0';
    return shmc_sysctl_parse_u64(sep + 1, out);
}

/** Interprets the bytes sysctlbyname(3) returned: the kernels declare these
 * limits as int, u_int, long or u_long, so the width decides.  A negative
 * 32-bit value is reported as an error rather than wrapped. */
shmc_error_t
shmc_sysctl_decode(const void *buf, size_t len, uint64_t *out)
{
    int32_t i32;
    uint64_t u64;

    if (len == sizeof(int32_t)) {
        memcpy(&i32, buf, sizeof(i32));
        if (i32 < 0)
            return shmc_error_new("negative value %ld", (long)i32);
        *out = (uint64_t)i32;
    } else if (len == sizeof(uint64_t)) {
        memcpy(&u64, buf, sizeof(u64));
        *out = u64;
    } else
        return shmc_error_new("unexpected value size %zu", len);
    return shmc_no_error();
}

/** Reads one integer from a file such as /proc/sys/kernel/shmmax. */
shmc_error_t
shmc_sysctl_read_file(const char *path, uint64_t *out)
{
    char buf[64];
    FILE *f;
    size_t n;
    shmc_error_t err;

    f = fopen(path, "r");
    if (f == NULL)
        return shmc_error_libc(errno, "Cannot open %s", path);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    err = shmc_sysctl_parse_u64(buf, out);
    if (shmc_is_error(err))
        err = shmc_error_wrap(err, "%s", path);
    return err;
}
