/* SPDX-License-Identifier: BSD-2-Clause */

/* Reading JSON text with json-c's tokener, in its strict mode and with
 * UTF-8 validation, limited to 64 levels of nesting; errors give the line
 * and column where the tokener stopped. */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/json.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "lib/json_c.h"
#include "lib/json_strict.h"

#define MAX_DEPTH 64

#define error_at shmc_json_error_at

/** Parses len bytes of text into a tree. */
shmc_error_t
shmc_json_parse(const char *text, size_t len, shmc_json_t **out)
{
    return shmc_json_parse_ex(text, len, out, NULL);
}

shmc_error_t
shmc_json_parse_ex(const char *text, size_t len, shmc_json_t **out,
    bool *content)
{
    struct json_tokener *tok;
    struct json_object *tree;
    enum json_tokener_error jerr;
    shmc_error_t err = shmc_no_error();
    size_t end;

    *out = NULL;
    if (content != NULL)
        *content = false;
    if (len > INT_MAX)
        return shmc_error_new("JSON text of %zu bytes is too large", len);
    tok = json_tokener_new_ex(MAX_DEPTH);
    if (tok == NULL)
        return shmc_error_nomem();
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
        JSON_TOKENER_VALIDATE_UTF8);
    tree = json_tokener_parse_ex(tok, text, (int)len);
    jerr = json_tokener_get_error(tok);
    end = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue) {
        /* The tokener waits for more (a number may go on): a NUL byte
         * tells it that the text ended. */
        tree = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
        end = len;
    }
    json_tokener_free(tok);
    if (jerr == json_tokener_continue)
        err = error_at(text, len, "unexpected end of input");
    else if (jerr == json_tokener_error_parse_utf8_string) {
        err = error_at(text, end, "invalid UTF-8");
        if (content != NULL)
            *content = true;
    } else if (jerr != json_tokener_success)
        err = error_at(text, end, json_tokener_error_desc(jerr));
    else if (end < len)
        /* The tokener stops at a NUL byte without a word. */
        err = error_at(text, end, text[end] == '\0' ? "NUL byte" :
            "text after the JSON value");
    if (shmc_is_error(err)) {
        (void)json_object_put(tree);
        return err;
    }
    *out = shmc_json_from_json_c(tree);
    err = shmc_json_check_strict(text, len, *out, content);
    if (shmc_is_error(err)) {
        shmc_json_free(*out);
        *out = NULL;
    }
    return err;
}

/** Reads and parses a whole file; errors start with the file's name. */
shmc_error_t
shmc_json_load(const char *path, shmc_json_t **out)
{
    shmc_json_buffer_t buf = { NULL, 0 };
    shmc_error_t err;

    err = shmc_json_load_buffered(path, &buf, out);
    shmc_json_buffer_free(&buf);
    return err;
}

void
shmc_json_buffer_free(shmc_json_buffer_t *buf)
{
    free(buf->m_text);
    buf->m_text = NULL;
    buf->m_cap = 0;
}

/** Reads what is left of fd into buf, growing it; *len counts the bytes
 * read.  Plain read(2): a stdio stream would allocate a buffer of its own
 * for every file, and allocating it right after a large tree was freed
 * makes the allocator sort all of the tree's small chunks (measured: a
 * twentieth of a merge's time). */
static int
read_all(int fd, shmc_json_buffer_t *buf, size_t need, size_t *len)
{
    char *grown;
    ssize_t got;
    size_t n;

    *len = 0;
    for (;;) {
        if (*len + 65536 > buf->m_cap || need > buf->m_cap) {
            n = need > buf->m_cap ? need : buf->m_cap > 0 ?
                buf->m_cap * 2 : 65536;
            need = 0;
            grown = realloc(buf->m_text, n);
            if (grown == NULL)
                return ENOMEM;
            buf->m_text = grown;
            buf->m_cap = n;
        }
        got = read(fd, buf->m_text + *len, buf->m_cap - *len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return errno != 0 ? errno : EIO;
        if (got == 0)
            return 0;
        *len += (size_t)got;
    }
}

shmc_error_t
shmc_json_load_buffered(const char *path, shmc_json_buffer_t *buf,
    shmc_json_t **out)
{
    struct stat sb;
    size_t len, need = 0;
    shmc_error_t err;
    int fd, rc;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return shmc_error_libc(errno, "%s", path);
    if (fstat(fd, &sb) != 0)
        sb.st_mode = 0;
    if (S_ISDIR(sb.st_mode)) {
        (void)close(fd);
        return shmc_error_new("%s: is a directory, not a JSON file", path);
    }
    /* A regular file's size is known: a buffer a little larger, so that
     * the end is seen without growing it. */
    if (S_ISREG(sb.st_mode) && sb.st_size > 0 &&
        (uintmax_t)sb.st_size < SIZE_MAX / 2)
        need = (size_t)sb.st_size + 65536;
    rc = read_all(fd, buf, need, &len);
    (void)close(fd);
    if (rc == ENOMEM)
        return shmc_error_nomem();
    if (rc != 0)
        return shmc_error_libc(rc, "%s", path);
    if (len == 0)
        return shmc_error_new("%s: empty file, not JSON", path);
    err = shmc_json_parse(buf->m_text, len, out);
    if (shmc_is_error(err))
        err = shmc_error_wrap(err, "%s: invalid JSON", path);
    return err;
}
