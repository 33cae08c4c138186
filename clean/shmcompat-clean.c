/* SPDX-License-Identifier: BSD-2-Clause */

/** shmcompat-clean: removes what runs that are no longer alive left.
 *
 * Two sources, both restricted to objects the invoking user owns:
 *  - run records (lib/run.h) in a run directory: a run is dead when no
 *    process holds its lock; every object its record lists is removed if
 *    it is still that object (lib/cleanup.h), System V ones included;
 *  - where shm objects are files in a directory (measured, as
 *    shmcompat-probe does), the names with the project's prefix: of a dead
 *    run of the run directory, or, without one, of a creator whose pid
 *    (part of the name) no longer runs; and glibc's temporary sem.XXXXXX
 *    files made during a dead run of the run directory.
 * Segments created but not yet recorded when the run died are found where
 * the system lists segments with their creator (/proc/sysvipc/shm). */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#if defined(HAVE_SYS_SHM_H)
#   include <sys/ipc.h>
#   include <sys/shm.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#if defined(HAVE_SEM_OPEN)
#   include <semaphore.h>
#endif
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/cleanup.h"
#include "lib/name.h"
#include "lib/run.h"
#include "probes/mounts.h"
#include "probes/shmdir.h"

#define PROGNAME "shmcompat-clean"

/* Exit codes, documented in shmcompat-clean(1). */
enum {
    EXIT_CLEAN_OK = 0,
    EXIT_CLEAN_ERROR = 1,       /* Something could not be checked. */
    EXIT_CLEAN_USAGE = 2
};

/* How long after its last recorded activity a run may still have made a
 * temporary semaphore file: the suites' longest case timeout. */
#define RUN_TAIL_SECONDS 60

/* Processes a run record can name. */
#define MAX_PROCS 65536

typedef struct {
    bool m_dry_run;
    const char *m_run_dir;
    long m_min_age;
    unsigned int m_wait;
    /* The measured shm directory, and whether named semaphores are
     * "sem.NAME" files in it. */
    bool m_have_dir;
    char m_dir[1024];
    bool m_sem_files;
    unsigned int m_removed, m_left, m_alive, m_errors;
} clean_t;

/** One dead run: its id, pids and the span of its activity. */
typedef struct {
    char m_id[64];
    long *m_pids;
    size_t m_npids;
    time_t m_start, m_end;
} run_t;

static void
usage(FILE *f)
{
    fprintf(f,
        "Usage: " PROGNAME " [--dry-run] [--run-dir DIR] [--min-age SECONDS]\n"
        "                       [--wait SECONDS]\n"
        "       " PROGNAME " --new-run-id\n"
        "Removes the shared-memory objects of shmcompat runs that are no\n"
        "longer alive and that belong to the invoking user.\n"
        "  --dry-run        list what would be removed, remove nothing\n"
        "  --run-dir DIR    the runs recorded in DIR (SHMCOMPAT_RUN_DIR)\n"
        "  --min-age SECS   leave temporary semaphore files younger than\n"
        "                   this (default 1)\n"
        "  --wait SECS      wait up to this long for live runs to end\n"
        "  --new-run-id     print a fresh random run id and exit\n");
}

static void
say(clean_t *c, const char *verb, const char *kind, const char *name,
    const char *why)
{
    printf("%s %s %s%s%s\n", c->m_dry_run ? "would remove" : verb, kind,
        name, why != NULL ? ": " : "", why != NULL ? why : "");
}

/** Whether process pid is gone for good (ESRCH); a pid that exists, even
 * reused by another program, counts as alive: a reused pid keeps an
 * object, it never removes a live one. */
static bool
pid_gone(long pid)
{
    return pid > 0 && kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* ---------------------------------------------------------------------
 * The shm directory.
 * --------------------------------------------------------------------- */

/** Measures where shm objects live and whether semaphores are files
 * there, with objects of this process's own. */
static void
measure_dir(clean_t *c)
{
    shmc_shmdir_t dir;
    shmc_error_t err;

    shmc_shmdir_locate_here(&dir);
    c->m_have_dir = dir.m_found;
    if (!c->m_have_dir)
        return;
    (void)snprintf(c->m_dir, sizeof(c->m_dir), "%s", dir.m_dir);
#if defined(HAVE_SEM_OPEN)
    {
        char name[SHMC_NAME_MAX], path[PATH_MAX];
        struct stat sb;
        sem_t *s;

        if (shmc_is_error(err = shmc_name_unpredictable(name, sizeof(name)))) {
            shmc_error_free(err);
            return;
        }
        s = sem_open(name, O_CREAT | O_EXCL, 0600, 0);
        if (s == SEM_FAILED)
            return;
        (void)snprintf(path, sizeof(path), "%s/sem.%s", c->m_dir, name + 1);
        c->m_sem_files = lstat(path, &sb) == 0;
        (void)sem_close(s);
        (void)sem_unlink(name);
    }
#endif
}

/** The run id and pid in an entry "[sem.]shmc_RUNID_PID_N" (or the
 * unpredictable "shmc_RUNID_xRANDOM", pid 0); false for other names. */
static bool
parse_entry(const char *entry, char *id, long *pid)
{
    const char *p = entry;
    char *end;
    size_t n;

    if (strncmp(p, "sem.", 4) == 0)
        p += 4;
    if (strncmp(p, SHMC_NAME_PREFIX "_", sizeof(SHMC_NAME_PREFIX)) != 0)
        return false;
    p += sizeof(SHMC_NAME_PREFIX);
    n = strcspn(p, "_");
    if (n == 0 || n > SHMC_RUN_ID_LEN || p[n] != '_')
        return false;
    memcpy(id, p, n);
    id[n] = '\0';
    p += n + 1;
    if (*p == 'x') {
        *pid = 0;
        return true;
    }
    *pid = strtol(p, &end, 10);
    return end != p && *end == '_';
}

/** Whether entry is glibc's temporary semaphore file "sem.XXXXXX". */
static bool
is_sem_temp(const char *entry)
{
    size_t i;

    if (strncmp(entry, "sem.", 4) != 0 || strlen(entry) != 10)
        return false;
    for (i = 4; i < 10; i++)
        if (!((entry[i] >= 'a' && entry[i] <= 'z') ||
            (entry[i] >= 'A' && entry[i] <= 'Z') ||
            (entry[i] >= '0' && entry[i] <= '9')))
            return false;
    return true;
}

/** Removes one of the user's entries of the shm directory: a shm object
 * or semaphore by its name, a temporary file by its path. */
static void
remove_entry(clean_t *c, const char *entry, const char *why)
{
    char name[PATH_MAX], path[PATH_MAX];
    const char *kind;
    int rc;

    (void)snprintf(path, sizeof(path), "%s/%s", c->m_dir, entry);
    if (is_sem_temp(entry)) {
        kind = "file";
        (void)snprintf(name, sizeof(name), "%s", path);
    } else if (strncmp(entry, "sem.", 4) == 0) {
        kind = "sem";
        (void)snprintf(name, sizeof(name), "/%s", entry + 4);
    } else {
        kind = "shm";
        (void)snprintf(name, sizeof(name), "/%s", entry);
    }
    say(c, "removed", kind, name, why);
    if (c->m_dry_run) {
        c->m_removed++;
        return;
    }
    if (strcmp(kind, "file") == 0)
        rc = unlink(path);
#if defined(HAVE_SEM_OPEN)
    else if (strcmp(kind, "sem") == 0)
        rc = sem_unlink(name);
#endif
#if defined(HAVE_SHM_UNLINK)
    else if (strcmp(kind, "shm") == 0)
        rc = shm_unlink(name);
#endif
    else
        rc = -1, errno = ENOSYS;
    if (rc == 0)
        c->m_removed++;
    else if (errno != ENOENT) {
        fprintf(stderr, PROGNAME ": cannot remove %s: %s\n", name,
            strerror(errno));
        c->m_errors++;
    }
}

/* ---------------------------------------------------------------------
 * Runs.
 * --------------------------------------------------------------------- */

/** Loads the pids and the span of run id from its record in dir. */
static void
load_run(const clean_t *c, const char *id, run_t *run)
{
    char path[PATH_MAX], line[256];
    struct stat sb;
    long pid;
    long long when;
    FILE *f;

    memset(run, 0, sizeof(*run));
    (void)snprintf(run->m_id, sizeof(run->m_id), "%s", id);
    run->m_start = (time_t)-1;
    (void)snprintf(path, sizeof(path), "%s/%s%s", c->m_run_dir, id,
        SHMC_RUN_LOCK_SUFFIX);
    if (lstat(path, &sb) == 0)
        run->m_start = sb.st_mtime, run->m_end = sb.st_mtime;
    (void)snprintf(path, sizeof(path), "%s/%s%s", c->m_run_dir, id,
        SHMC_RUN_OBJECTS_SUFFIX);
    if (lstat(path, &sb) == 0 && sb.st_mtime > run->m_end)
        run->m_end = sb.st_mtime;
    f = fopen(path, "re");
    if (f == NULL)
        return;
    run->m_pids = malloc(MAX_PROCS * sizeof(long));
    while (run->m_pids != NULL && fgets(line, sizeof(line), f) != NULL)
        if (sscanf(line, "proc %ld %lld", &pid, &when) == 2 &&
            run->m_npids < MAX_PROCS) {
            run->m_pids[run->m_npids++] = pid;
            if (run->m_start == (time_t)-1 || (time_t)when < run->m_start)
                run->m_start = (time_t)when;
        }
    fclose(f);
}

static bool
run_has_pid(const run_t *run, long pid)
{
    size_t i;

    for (i = 0; i < run->m_npids; i++)
        if (run->m_pids[i] == pid)
            return true;
    return false;
}

/** Removes the objects run's record lists, each only if still ours. */
static void
clean_record(clean_t *c, const run_t *run)
{
    char path[PATH_MAX], *line, *kind, *name, *identity, why[512];
    FILE *f;

    (void)snprintf(path, sizeof(path), "%s/%s%s", c->m_run_dir, run->m_id,
        SHMC_RUN_OBJECTS_SUFFIX);
    f = fopen(path, "re");
    if (f == NULL)
        return;
    line = malloc(SHMC_CLEANUP_LINE_MAX);
    while (line != NULL && fgets(line, SHMC_CLEANUP_LINE_MAX, f) != NULL) {
        if (strncmp(line, "proc ", 5) == 0)
            continue;
        if (!shmc_cleanup_parse(line, &kind, &name, &identity)) {
            fprintf(stderr, PROGNAME ": run %s: a malformed record line\n",
                run->m_id);
            c->m_errors++;
            continue;
        }
        why[0] = '\0';
        if (c->m_dry_run) {
            printf("would remove recorded %s ", kind);
            shmc_cleanup_print_name(stdout, name);
            printf(" if still %s (run %s)\n", identity, run->m_id);
            c->m_removed++;
            continue;
        }
        switch (shmc_cleanup_remove(kind, name, identity, why,
            sizeof(why))) {
        case SHMC_CLEANUP_REMOVED:
            printf("removed recorded %s ", kind);
            shmc_cleanup_print_name(stdout, name);
            printf(" (run %s)\n", run->m_id);
            c->m_removed++;
            break;
        case SHMC_CLEANUP_GONE:
            break;
        case SHMC_CLEANUP_LEFT:
            fprintf(stderr, PROGNAME ": leaving recorded %s ", kind);
            shmc_cleanup_print_name(stderr, name);
            fprintf(stderr, " (run %s): %s\n", run->m_id, why);
            c->m_left++;
            break;
        }
    }
    free(line);
    fclose(f);
}

/** Whether entry of the shm directory (a regular file of the user's, as
 * sb shows it) is to be removed; fills why when it is.  arg is the
 * chooser's own. */
typedef bool (*chooser_t)(const clean_t *c, const void *arg,
    const char *entry, const struct stat *sb, char *why, size_t size);

/** Removes the user's regular files of the shm directory that choose
 * picks. */
static void
clean_dir(clean_t *c, chooser_t choose, const void *arg)
{
    char why[128];
    struct dirent *de;
    struct stat sb;
    DIR *d;

    if (!c->m_have_dir || (d = opendir(c->m_dir)) == NULL)
        return;
    while ((de = readdir(d)) != NULL)
        if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
            choose(c, arg, de->d_name, &sb, why, sizeof(why)))
            remove_entry(c, de->d_name, why);
    (void)closedir(d);
}

/** Chooses what belongs to run (a run_t): its names, and temporary
 * semaphore files made while it ran. */
static bool
of_run(const clean_t *c, const void *arg, const char *entry,
    const struct stat *sb, char *why, size_t size)
{
    const run_t *run = arg;
    char id[SHMC_RUN_ID_LEN + 1];
    long pid;

    if (parse_entry(entry, id, &pid) && strcmp(id, run->m_id) == 0) {
        (void)snprintf(why, size, "run %s has no live process", run->m_id);
        return true;
    }
    if (c->m_sem_files && is_sem_temp(entry) &&
        run->m_start != (time_t)-1 && sb->st_mtime + 1 >= run->m_start &&
        sb->st_mtime <= run->m_end + RUN_TAIL_SECONDS &&
        time(NULL) - sb->st_mtime >= c->m_min_age) {
        (void)snprintf(why, size, "a temporary semaphore file left while "
            "run %s ran", run->m_id);
        return true;
    }
    return false;
}

/** Removes the user's System V segments whose creator was a process of
 * run and which were made while it ran, where the system lists them with
 * their creator. */
static void
clean_sysv_for_run(clean_t *c, const run_t *run)
{
#if defined(HAVE_SYS_SHM_H)
    char line[512], text[64];
    struct shmid_ds ds;
    long key, id, cpid;
    FILE *f;

    f = fopen("/proc/sysvipc/shm", "re");
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "%ld %ld %*o %*u %ld", &key, &id, &cpid) != 3 ||
            !run_has_pid(run, cpid))
            continue;
        if (shmctl((int)id, IPC_STAT, &ds) == -1 ||
            ds.shm_perm.cuid != geteuid() || (long)ds.shm_cpid != cpid ||
            ds.shm_ctime + 1 < run->m_start ||
            ds.shm_ctime > run->m_end + RUN_TAIL_SECONDS)
            continue;
        (void)snprintf(text, sizeof(text), "%ld", id);
        say(c, "removed", "sysv", text, "made by a process of a dead run");
        if (c->m_dry_run || shmctl((int)id, IPC_RMID, NULL) == 0)
            c->m_removed++;
    }
    fclose(f);
#else
    (void)c;
    (void)run;
#endif
}

/** Removes a dead run's record and lock. */
static void
forget_run(const clean_t *c, const char *id)
{
    char path[PATH_MAX];

    if (c->m_dry_run)
        return;
    (void)snprintf(path, sizeof(path), "%s/%s%s", c->m_run_dir, id,
        SHMC_RUN_OBJECTS_SUFFIX);
    (void)unlink(path);
    (void)snprintf(path, sizeof(path), "%s/%s%s", c->m_run_dir, id,
        SHMC_RUN_LOCK_SUFFIX);
    (void)unlink(path);
}

/** Cleans every dead run recorded in the run directory. */
static void
clean_run_dir(clean_t *c)
{
    struct dirent *de;
    char id[64];
    size_t n, slen = strlen(SHMC_RUN_LOCK_SUFFIX);
    bool known, alive, ended;
    shmc_error_t err;
    run_t run;
    DIR *d;

    d = opendir(c->m_run_dir);
    if (d == NULL) {
        if (errno != ENOENT) {
            fprintf(stderr, PROGNAME ": %s: %s\n", c->m_run_dir,
                strerror(errno));
            c->m_errors++;
        }
        return;
    }
    while ((de = readdir(d)) != NULL) {
        n = strlen(de->d_name);
        if (n <= slen || n - slen >= sizeof(id) ||
            strcmp(de->d_name + n - slen, SHMC_RUN_LOCK_SUFFIX) != 0)
            continue;
        memcpy(id, de->d_name, n - slen);
        id[n - slen] = '\0';
        err = shmc_run_alive(c->m_run_dir, id, &known, &alive);
        if (shmc_is_error(err)) {
            fprintf(stderr, PROGNAME ": run %s: %s\n", id,
                shmc_error_message(err));
            shmc_error_free(err);
            c->m_errors++;
            continue;
        }
        if (alive && c->m_wait > 0) {
            err = shmc_run_wait(c->m_run_dir, id, c->m_wait, &ended);
            if (shmc_is_error(err)) {
                fprintf(stderr, PROGNAME ": run %s: %s\n", id,
                    shmc_error_message(err));
                shmc_error_free(err);
            } else
                alive = !ended;
        }
        if (alive) {
            printf("run %s is alive: left alone\n", id);
            c->m_alive++;
            continue;
        }
        load_run(c, id, &run);
        clean_record(c, &run);
        clean_dir(c, of_run, &run);
        clean_sysv_for_run(c, &run);
        free(run.m_pids);
        forget_run(c, id);
    }
    (void)closedir(d);
}

/** Chooses, without a run directory, the user's names whose creator is
 * gone. */
static bool
creator_gone(const clean_t *c, const void *arg, const char *entry,
    const struct stat *sb, char *why, size_t size)
{
    char id[SHMC_RUN_ID_LEN + 1];
    long pid;

    (void)c;
    (void)arg;
    if (!parse_entry(entry, id, &pid) || pid == 0 || !pid_gone(pid))
        return false;
    /* Another process of a live run may still use an object whose
     * creator exited (the suites do that on purpose): only objects
     * untouched for longer than any case runs are taken. */
    if (time(NULL) - (sb->st_mtime > sb->st_ctime ? sb->st_mtime :
        sb->st_ctime) < RUN_TAIL_SECONDS)
        return false;
    (void)snprintf(why, size, "its creator, pid %ld, is gone", pid);
    return true;
}

int
main(int argc, char **argv)
{
    clean_t c;
    char id[SHMC_RUN_ID_LEN + 1];
    shmc_error_t err;
    char *end;
    int i;

    memset(&c, 0, sizeof(c));
    c.m_min_age = 1;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            c.m_dry_run = true;
        else if (strcmp(argv[i], "--run-dir") == 0 && i + 1 < argc)
            c.m_run_dir = argv[++i];
        else if (strcmp(argv[i], "--min-age") == 0 && i + 1 < argc) {
            c.m_min_age = strtol(argv[++i], &end, 10);
            if (*end != '\0' || c.m_min_age < 0) {
                fprintf(stderr, PROGNAME ": --min-age: '%s' is not a "
                    "number of seconds\n", argv[i]);
                return EXIT_CLEAN_USAGE;
            }
        } else if (strcmp(argv[i], "--wait") == 0 && i + 1 < argc) {
            c.m_wait = (unsigned int)strtoul(argv[++i], &end, 10);
            if (*end != '\0' || c.m_wait > 3600) {
                fprintf(stderr, PROGNAME ": --wait: '%s' is not a number "
                    "of seconds up to 3600\n", argv[i]);
                return EXIT_CLEAN_USAGE;
            }
        } else if (strcmp(argv[i], "--new-run-id") == 0 && argc == 2) {
            err = shmc_run_random_text(id, SHMC_RUN_ID_LEN);
            if (shmc_is_error(err)) {
                fprintf(stderr, PROGNAME ": %s\n", shmc_error_message(err));
                shmc_error_free(err);
                return EXIT_CLEAN_ERROR;
            }
            printf("%s\n", id);
            return EXIT_CLEAN_OK;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return EXIT_CLEAN_OK;
        } else {
            fprintf(stderr, PROGNAME ": unknown or incomplete option '%s'\n",
                argv[i]);
            usage(stderr);
            return EXIT_CLEAN_USAGE;
        }
    }
    /* This process is no part of any run it cleans. */
    (void)unsetenv(SHMC_RUN_DIR_ENV);
    (void)unsetenv(SHMC_RUN_ID_ENV);
    setvbuf(stdout, NULL, _IOLBF, 0);

    measure_dir(&c);
    if (!c.m_have_dir)
        printf("shm objects are no files in a directory here: only what "
            "run records list can be found\n");
    if (c.m_run_dir != NULL)
        clean_run_dir(&c);
    else
        clean_dir(&c, creator_gone, NULL);
    printf("%u %s, %u left (not ours), %u runs alive\n", c.m_removed,
        c.m_dry_run ? "to remove" : "removed", c.m_left, c.m_alive);
    return c.m_errors > 0 ? EXIT_CLEAN_ERROR : EXIT_CLEAN_OK;
}
