/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/sem.h"

#include <errno.h>
#include <limits.h>

shmc_error_t
shmc_sem_value(sem_t *sem, int *valuep)
{
#if defined(HAVE_WORKING_SEM_INIT)
    if (sem_getvalue(sem, valuep) == -1)
        return shmc_error_libc(errno, "sem_getvalue");
    return shmc_no_error();
#else
    /* sem_getvalue is a stub here (configure ran it): count instead. */
    int n = 0, saved;

    while (n < INT_MAX && sem_trywait(sem) == 0)
        n++;
    saved = errno;
    *valuep = n;
    while (n-- > 0)
        if (sem_post(sem) == -1)
            return shmc_error_libc(errno, "sem_post, giving the value back");
    if (*valuep < INT_MAX && saved != EAGAIN)
        return shmc_error_libc(saved, "sem_trywait");
    return shmc_no_error();
#endif
}
