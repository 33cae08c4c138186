/* SPDX-License-Identifier: BSD-2-Clause */

/** Passing a descriptor over a UNIX socket (SCM_RIGHTS). */

#if !defined(SHMC_LIB_FDPASS_H)
#define SHMC_LIB_FDPASS_H

#include "lib/error.h"

/** Sends the descriptor fd, with one byte of payload, over the socket
 * sock; the caller keeps fd. */
shmc_error_t shmc_fdpass_send(int sock, int fd);
/** Receives into *fd a descriptor sent by shmc_fdpass_send over sock; the
 * caller owns it. */
shmc_error_t shmc_fdpass_recv(int sock, int *fd);

#endif /* !defined(SHMC_LIB_FDPASS_H) */
