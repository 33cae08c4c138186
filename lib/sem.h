/* SPDX-License-Identifier: BSD-2-Clause */

/** Reading a semaphore's value where sem_getvalue may not work. */

#if !defined(SHMC_LIB_SEM_H)
#define SHMC_LIB_SEM_H

#include <semaphore.h>

#include "lib/error.h"

/** Stores the value of sem in *valuep: sem_getvalue where configure found
 * it working, else by taking the semaphore with sem_trywait until EAGAIN
 * and posting it back.  The second way is only exact while no other
 * process waits on or posts sem. */
shmc_error_t shmc_sem_value(sem_t *sem, int *valuep);

#endif /* !defined(SHMC_LIB_SEM_H) */
