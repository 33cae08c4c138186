/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "report/outset.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The private folder's name; mkdtemp replaces the X's. */
#define TMP_TEMPLATE ".shmcompat-out.XXXXXX"

void
shmc_outset_init(shmc_outset_t *o)
{
    memset(o, 0, sizeof(*o));
    o->m_dirfd = -1;
    o->m_tmpfd = -1;
}

/** Creates the folders of o->m_dir that are missing, outermost first, and
 * records them so that a failed set removes them again. */
static shmc_error_t
make_dirs(shmc_outset_t *o)
{
    char *path, *p, **grown, c;
    struct stat sb;
    shmc_error_t err = shmc_no_error();

    if (stat(o->m_dir, &sb) == 0 || errno != ENOENT)
        return shmc_no_error();
    path = strdup(o->m_dir);
    if (path == NULL)
        return shmc_error_nomem();
    for (p = path + 1; !shmc_is_error(err); p++) {
        if (*p != '/' && *p != '\0')
            continue;
        c = *p;
        *p = '\0';
        if (mkdir(path, 0777) == 0) {
            grown = realloc(o->m_made, (o->m_nmade + 1) * sizeof(*grown));
            if (grown == NULL || (grown[o->m_nmade] = strdup(path)) == NULL) {
                (void)rmdir(path);
                err = shmc_error_nomem();
            } else
                o->m_nmade++;
            if (grown != NULL)
                o->m_made = grown;
        } else if (errno != EEXIST)
            err = shmc_error_libc(errno, "output directory %s", path);
        *p = c;
        if (c == '\0')
            break;
    }
    free(path);
    return err;
}

/** Opens the output folder and makes our private folder in it. */
static shmc_error_t
prepare(shmc_outset_t *o, const char *dir)
{
    char *tmp;
    size_t len;
    struct stat sb;
    shmc_error_t err;

    o->m_dir = strdup(dir);
    if (o->m_dir == NULL)
        return shmc_error_nomem();
    err = make_dirs(o);
    if (shmc_is_error(err))
        return err;
    o->m_dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->m_dirfd == -1)
        return shmc_error_libc(errno, "output directory %s", dir);

    len = strlen(dir) + sizeof(TMP_TEMPLATE) + 1;
    tmp = malloc(len);
    if (tmp == NULL)
        return shmc_error_nomem();
    (void)snprintf(tmp, len, "%s/%s", dir, TMP_TEMPLATE);
    if (mkdtemp(tmp) == NULL) {
        err = shmc_error_libc(errno, "cannot make a private folder in %s",
            dir);
        free(tmp);
        return err;
    }
    o->m_tmpname = strdup(tmp + strlen(dir) + 1);
    free(tmp);
    if (o->m_tmpname == NULL)
        return shmc_error_nomem();
    /* Reached from the folder opened above, not by its path again, and
     * still the folder mkdtemp made for us. */
    o->m_tmpfd = openat(o->m_dirfd, o->m_tmpname,
        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (o->m_tmpfd == -1)
        return shmc_error_libc(errno, "%s/%s", dir, o->m_tmpname);
    if (fstat(o->m_tmpfd, &sb) == -1 || sb.st_uid != geteuid() ||
        (sb.st_mode & 077) != 0)
        return shmc_error_new("%s/%s: not the private folder made for the "
            "output", dir, o->m_tmpname);
    return shmc_no_error();
}

shmc_error_t
shmc_outset_open(shmc_outset_t *o, const char *dir, const char *name,
    FILE **f)
{
    size_t i = o->m_count;
    int fd;
    shmc_error_t err;

    *f = NULL;
    if (i == SHMC_OUTSET_MAX)
        return shmc_error_new("too many output files");
    if (*name == '\0' || strchr(name, '/') != NULL ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return shmc_error_new("'%s' is not a file name", name);
    if (o->m_dir == NULL) {
        err = prepare(o, dir);
        if (shmc_is_error(err))
            return err;
    } else if (strcmp(o->m_dir, dir) != 0)
        return shmc_error_new("one set of output files, one folder");

    o->m_name[i] = strdup(name);
    if (o->m_name[i] == NULL)
        return shmc_error_nomem();
    fd = openat(o->m_tmpfd, name,
        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd == -1 || (o->m_file[i] = fdopen(fd, "w")) == NULL) {
        err = shmc_error_libc(errno, "%s/%s/%s", dir, o->m_tmpname, name);
        if (fd != -1) {
            (void)close(fd);
            (void)unlinkat(o->m_tmpfd, name, 0);
        }
        free(o->m_name[i]);
        o->m_name[i] = NULL;
        return err;
    }
    o->m_count++;
    *f = o->m_file[i];
    return shmc_no_error();
}

/** Closes the files and removes whatever is left of our private folder;
 * when failed, also the folders made for the output. */
static void
release(shmc_outset_t *o, bool failed)
{
    size_t i;

    for (i = 0; i < o->m_count; i++) {
        if (o->m_file[i] != NULL)
            (void)fclose(o->m_file[i]);
        if (o->m_tmpfd != -1)
            (void)unlinkat(o->m_tmpfd, o->m_name[i], 0);
        free(o->m_name[i]);
    }
    if (o->m_tmpfd != -1)
        (void)close(o->m_tmpfd);
    if (o->m_tmpname != NULL && o->m_dirfd != -1)
        (void)unlinkat(o->m_dirfd, o->m_tmpname, AT_REMOVEDIR);
    if (o->m_dirfd != -1)
        (void)close(o->m_dirfd);
    /* rmdir removes only what stayed empty. */
    for (i = o->m_nmade; i-- > 0;) {
        if (failed)
            (void)rmdir(o->m_made[i]);
        free(o->m_made[i]);
    }
    free(o->m_made);
    free(o->m_tmpname);
    free(o->m_dir);
    shmc_outset_init(o);
}

/** Whether name may be replaced: free, or a regular file of ours.  A
 * symbolic link is neither followed nor replaced. */
static shmc_error_t
check_target(const shmc_outset_t *o, const char *name)
{
    struct stat sb;
    const char *what;

    if (fstatat(o->m_dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
        return errno == ENOENT ? shmc_no_error() :
            shmc_error_libc(errno, "%s/%s", o->m_dir, name);
    if (S_ISREG(sb.st_mode) && sb.st_uid == geteuid())
        return shmc_no_error();
    if (S_ISLNK(sb.st_mode))
        what = "is a symbolic link";
    else if (S_ISDIR(sb.st_mode))
        what = "is a directory";
    else if (!S_ISREG(sb.st_mode))
        what = "is not a regular file";
    else
        return shmc_error_new("%s/%s: belongs to user %ld, not replaced",
            o->m_dir, name, (long)sb.st_uid);
    return shmc_error_new("%s/%s: %s, not replaced", o->m_dir, name, what);
}

shmc_error_t
shmc_outset_commit(shmc_outset_t *o)
{
    shmc_error_t err = shmc_no_error();
    size_t i;
    bool failed;

    for (i = 0; i < o->m_count; i++) {
        /* Closed whatever happened: a stream with an error is still open. */
        errno = 0;
        failed = ferror(o->m_file[i]) != 0;
        failed = fclose(o->m_file[i]) != 0 || failed;
        if (failed && !shmc_is_error(err))
            err = shmc_error_libc(errno != 0 ? errno : EIO, "writing %s/%s",
                o->m_dir, o->m_name[i]);
        o->m_file[i] = NULL;
    }
    /* Every name is checked before any is replaced. */
    for (i = 0; i < o->m_count && !shmc_is_error(err); i++)
        err = check_target(o, o->m_name[i]);
    for (i = 0; i < o->m_count && !shmc_is_error(err); i++)
        if (renameat(o->m_tmpfd, o->m_name[i], o->m_dirfd,
            o->m_name[i]) == -1)
            err = shmc_error_libc(errno, "renaming into %s/%s", o->m_dir,
                o->m_name[i]);
    release(o, shmc_is_error(err));
    return err;
}

void
shmc_outset_abort(shmc_outset_t *o)
{
    release(o, true);
}
