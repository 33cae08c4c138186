/* SPDX-License-Identifier: BSD-2-Clause */

/** Passing a descriptor over a UNIX socket (SCM_RIGHTS). */

#if !defined(SHMC_LIB_FDPASS_H)
#define SHMC_LIB_FDPASS_H

#include "lib/error.h"

shmc_error_t shmc_fdpass_send(int, int);
shmc_error_t shmc_fdpass_recv(int, int *);

#endif /* !defined(SHMC_LIB_FDPASS_H) */
