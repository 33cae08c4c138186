/* SPDX-License-Identifier: BSD-2-Clause */

/** Adapters: providers that live in another program, spoken to over
 * pipes, one request and one reply per line (see shmcompat-provider(3)).
 *
 * An adapter session is one running adapter program.  The provider of an
 * adapter keeps one session for the test process; the suites start more
 * of them as unrelated peers, which open objects by name and exit or are
 * killed. */

#if !defined(SHMC_SUITES_PROVIDER_ADAPTER_H)
#define SHMC_SUITES_PROVIDER_ADAPTER_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"
#include "lib/provider.h"

/* How long one exchange may take, in milliseconds, unless
 * shmc_adapter_set_deadline says otherwise. */
#define SHMC_ADAPTER_DEADLINE_MS 10000

typedef struct {
    pid_t m_pid;
    int m_to;                   /* Its standard input. */
    int m_from;                 /* Its standard output. */
    char m_what[128];           /* The program, for messages. */
} shmc_adapter_t;

/** Starts argv[0] with argv and says hello: its first reply must be
 * "ok NAME LIBRARY VERSION CAPS".  hello (may be NULL) receives it. */
shmc_error_t shmc_adapter_start(char *const argv[], shmc_adapter_t *a,
    char *hello, size_t size);
/** Sends one request line and puts the reply line in reply; fails when
 * the adapter does not answer before the deadline or dies. */
shmc_error_t shmc_adapter_call(shmc_adapter_t *a, const char *request,
    char *reply, size_t size);
/** Asks it to exit and reaps it; kills it if it does not. */
shmc_error_t shmc_adapter_stop(shmc_adapter_t *a);
/** Kills it with SIGKILL and reaps it. */
void shmc_adapter_kill(shmc_adapter_t *a);
/** Whether reply is one the protocol knows: "ok", "ok ...", "error ..."
 * or "liberror ...". */
bool shmc_adapter_is_reply(const char *reply);
/** The error a reply other than "ok ..." stands for, or no error. */
shmc_error_t shmc_adapter_reply_error(const char *reply, const char *what);

/** Sets how long one exchange may take, in milliseconds (0: the
 * default, SHMC_ADAPTER_DEADLINE_MS). */
void shmc_adapter_set_deadline(int ms);
/** Sets the directory the adapter programs live in. */
void shmc_adapter_set_dir(const char *dir);
/** The built-in adapter provider of that name, started; *p is NULL when
 * name is not one. */
shmc_error_t shmc_adapter_find(const char *name, const shmc_provider_t **p);
/** The provider spoken to by the adapter program at path. */
shmc_error_t shmc_adapter_load(const char *path, const shmc_provider_t **p);
/** Why p's session broke (it hung, died or left the protocol), or NULL
 * while it holds, or when p is not an adapter provider: the outcome of an
 * operation on a broken session is the adapter's, not the library's. */
const char *shmc_adapter_broken(const shmc_provider_t *p);
/** The command line that starts another adapter for p (NULL-ended, in
 * static storage), or NULL when p is not an adapter provider. */
char *const *shmc_adapter_argv(const shmc_provider_t *p);

#endif /* !defined(SHMC_SUITES_PROVIDER_ADAPTER_H) */
