/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-adapter: any provider (built in or a plugin) behind the
 * adapter protocol of shmcompat-provider(3), on standard input and
 * output.  The suites start it as the unrelated process that opens a
 * provider's objects by name, exits or is killed.
 *
 *   shmcompat-adapter PROVIDER [PLUGIN]
 *   shmcompat-adapter --describe PROVIDER [PLUGIN]
 *
 * --describe prints the provider's library and its version, one line
 * each, and exits (make report-libraries names them in the reports).
 * Adapter programs (python_shared_memory) are looked for beside this one.
 *
 * Exit status 0 after "exit" or the end of input, 2 on a usage error or a
 * provider that cannot be loaded (one line on standard error). */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/errname.h"
#include "suites/provider_adapter.h"
#include "suites/provider_plugin.h"

#define PROGNAME "shmcompat-adapter"
#define OBJECTS 64
#define LINE_BYTES (2 * 65536 + 512)

static const shmc_provider_t *p;
static shmc_obj_t objects[OBJECTS];
static bool used[OBJECTS];

/** Prints the reply for err ("ok" when none, with rest) and frees it. */
static void
reply(shmc_error_t err, const char *rest)
{
    const char *msg;
    int e;

    if (!shmc_is_error(err)) {
        printf("ok%s%s\n", rest[0] != '\0' ? " " : "", rest);
    } else {
        e = shmc_error_errno(err);
        msg = shmc_error_message(err);
        if (e != 0)
            printf("error %s %s\n", shmc_errname(e), msg);
        else
            printf("liberror %s\n", msg);
        shmc_error_free(err);
    }
    (void)fflush(stdout);
}

static shmc_obj_t *
object(const char *h)
{
    unsigned long i = strtoul(h, NULL, 10);

    return i >= 1 && i <= OBJECTS && used[i - 1] ? &objects[i - 1] : NULL;
}

static shmc_error_t
io(shmc_obj_t *obj, size_t off, void *buf, size_t len, bool write)
{
    shmc_error_t err;
    void *addr;

    if (write && p->m_write != NULL)
        return p->m_write(obj, off, buf, len);
    if (!write && p->m_read != NULL)
        return p->m_read(obj, off, buf, len);
    err = p->m_map(obj, off + len, write, &addr);
    if (shmc_is_error(err))
        return err;
    if (write)
        memcpy((char *)addr + off, buf, len);
    else
        memcpy(buf, (char *)addr + off, len);
    return p->m_unmap(addr, off + len);
}

static void
new_object(const char *verb, const char *name, const char *arg,
    unsigned int mode)
{
    char rest[64];
    shmc_error_t err;
    size_t i;

    for (i = 0; i < OBJECTS && used[i]; i++)
        continue;
    if (i == OBJECTS) {
        reply(shmc_error_libc(EMFILE, "too many objects"), "");
        return;
    }
    if (strcmp(verb, "create") == 0)
        err = p->m_create_mode != NULL ? p->m_create_mode(name,
            strtoul(arg, NULL, 10), mode, &objects[i]) :
            p->m_create(name, strtoul(arg, NULL, 10), &objects[i]);
    else
        err = p->m_open(name, strcmp(arg, "rdwr") == 0 ? SHMC_OPEN_RDWR :
            SHMC_OPEN_RDONLY, &objects[i]);
    if (!shmc_is_error(err))
        used[i] = true;
    (void)snprintf(rest, sizeof(rest), "%zu %zu", i + 1,
        shmc_is_error(err) ? (size_t)0 : objects[i].m_size);
    reply(err, rest);
}

static void
hex_read(shmc_obj_t *obj, size_t off, size_t len, char *out)
{
    unsigned char *buf;
    shmc_error_t err;
    size_t i;

    if (len > 65536 || (buf = malloc(len + 1)) == NULL) {
        reply(shmc_error_libc(EINVAL, "read of %zu bytes", len), "");
        return;
    }
    err = io(obj, off, buf, len, false);
    for (i = 0; !shmc_is_error(err) && i < len; i++)
        (void)sprintf(out + 2 * i, "%02x", buf[i]);
    out[2 * len] = '\0';
    free(buf);
    reply(err, out);
}

static void
hex_write(shmc_obj_t *obj, size_t off, const char *hex)
{
    size_t len = strlen(hex) / 2, i;
    unsigned char *buf;
    unsigned int b;

    if ((buf = malloc(len + 1)) == NULL) {
        reply(shmc_error_nomem(), "");
        return;
    }
    for (i = 0; i < len; i++)
        if (sscanf(hex + 2 * i, "%2x", &b) == 1)
            buf[i] = (unsigned char)b;
    reply(io(obj, off, buf, len, true), "");
    free(buf);
}

/** Prints s with spaces and other bytes outside [A-Za-z0-9._-] as %XX. */
static void
put_token(const char *s)
{
    const unsigned char *c;

    for (c = (const unsigned char *)(s != NULL && *s != '\0' ? s : "-");
        *c != '\0'; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-')
            putchar(*c);
        else
            printf("%%%02x", *c);
}

/** "ok NAME LIBRARY VERSION CAPS". */
static void
hello(void)
{
    printf("ok ");
    put_token(p->m_name);
    putchar(' ');
    put_token(p->m_library != NULL ? p->m_library : "os");
    putchar(' ');
    put_token(p->m_version);
    printf(" %s%s%s\n", (p->m_caps & SHMC_CAP_NAMED) ? "named," : "",
        (p->m_caps & SHMC_CAP_RESIZE) ? "resize," : "",
        (p->m_caps & SHMC_CAP_UNLINK) ? "unlink" : "-");
    (void)fflush(stdout);
}

/** Handles one request; returns false after "exit". */
static bool
serve(char *req, char *out)
{
    char *w[4] = { NULL, NULL, NULL, NULL }, *save = NULL;
    shmc_obj_t *obj;
    size_t size;
    int n;

    for (n = 0; n < 4 && (w[n] = strtok_r(n == 0 ? req : NULL, " ",
        &save)) != NULL; n++)
        continue;
    if (w[0] == NULL)
        reply(shmc_error_libc(EINVAL, "empty request"), "");
    else if (strcmp(w[0], "exit") == 0) {
        reply(shmc_no_error(), "");
        return false;
    } else if (strcmp(w[0], "hello") == 0)
        hello();
    else if (strcmp(w[0], "create") == 0 && n == 4)
        new_object(w[0], w[1], w[2], (unsigned int)strtoul(w[3], NULL, 8));
    else if (strcmp(w[0], "open") == 0 && n == 3)
        new_object(w[0], w[1], w[2], 0);
    else if (strcmp(w[0], "remove") == 0 && n == 2)
        reply(p->m_unlink(w[1]), "");
    else if (strcmp(w[0], "cleanup") == 0 && n == 2)
        reply(p->m_cleanup != NULL ? p->m_cleanup(w[1]) : shmc_no_error(),
            "");
    else if (n < 2 || (obj = object(w[1])) == NULL)
        reply(shmc_error_libc(EINVAL, "bad request or handle"), "");
    else if (strcmp(w[0], "read") == 0 && n == 4)
        hex_read(obj, strtoul(w[2], NULL, 10), strtoul(w[3], NULL, 10), out);
    else if (strcmp(w[0], "write") == 0 && n == 4)
        hex_write(obj, strtoul(w[2], NULL, 10), w[3]);
    else if (strcmp(w[0], "size") == 0) {
        shmc_error_t err = p->m_size(obj, &size);

        (void)snprintf(out, 32, "%zu", size);
        reply(err, shmc_is_error(err) ? "" : out);
    } else if (strcmp(w[0], "resize") == 0 && n == 3)
        reply(p->m_resize(obj, strtoul(w[2], NULL, 10)), "");
    else if (strcmp(w[0], "close") == 0) {
        used[obj - objects] = false;
        reply(p->m_close(obj), "");
    } else
        reply(shmc_error_libc(EINVAL, "unknown request %s", w[0]), "");
    return true;
}

int
main(int argc, char **argv)
{
    bool describe = argc > 1 && strcmp(argv[1], "--describe") == 0;
    char *req, *out, dir[1024];
    shmc_error_t err;
    size_t i;

    (void)snprintf(dir, sizeof(dir), "%s", argv[0]);
    if (describe) {
        argc--;
        argv++;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "Usage: " PROGNAME " [--describe] PROVIDER "
            "[PLUGIN]\n");
        return 2;
    }
    if (strrchr(dir, '/') != NULL)
        *strrchr(dir, '/') = '\0';
    else
        (void)snprintf(dir, sizeof(dir), ".");
    shmc_adapter_set_dir(dir);
    err = shmc_plugin_find(argv[1], true, argc == 3 ? argv[2] : NULL, NULL,
        ".", &p);
    if (shmc_is_error(err)) {
        fprintf(stderr, PROGNAME ": %s\n", shmc_error_message(err));
        shmc_error_free(err);
        return 2;
    }
    if (describe) {
        printf("%s\n%s\n", p->m_library != NULL ? p->m_library :
            "the operating system", p->m_version != NULL ? p->m_version :
            "-");
        return 0;
    }
    req = malloc(LINE_BYTES);
    out = malloc(LINE_BYTES);
    if (req == NULL || out == NULL)
        return 1;
    while (fgets(req, LINE_BYTES, stdin) != NULL) {
        req[strcspn(req, "\n")] = '\0';
        if (!serve(req, out))
            break;
    }
    /* As a program's destructors would at its normal exit. */
    for (i = 0; i < OBJECTS; i++)
        if (used[i])
            shmc_error_free(p->m_close(&objects[i]));
    free(req);
    free(out);
    return 0;
}
