/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include "lib/fdpass.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <string.h>

typedef union {
    struct cmsghdr m_hdr;
    char m_buf[CMSG_SPACE(sizeof(int))];
} control_t;

/** Fills msg for one byte of payload and room for one descriptor. */
static void
message_init(struct msghdr *msg, struct iovec *iov, char *byte,
    control_t *control)
{
    memset(msg, 0, sizeof(*msg));
    memset(control, 0, sizeof(*control));
    iov->iov_base = byte;
    iov->iov_len = 1;
    msg->msg_iov = iov;
    msg->msg_iovlen = 1;
    msg->msg_control = control->m_buf;
    msg->msg_controllen = sizeof(control->m_buf);
}

/** Sends fd, with one byte of payload, over the socket sock. */
shmc_error_t
shmc_fdpass_send(int sock, int fd)
{
    struct msghdr msg;
    struct cmsghdr *cmsg;
    struct iovec iov;
    control_t control;
    char byte = 'f';

    message_init(&msg, &iov, &byte, &control);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    if (sendmsg(sock, &msg, 0) != 1)
        return shmc_error_libc(errno, "sendmsg(SCM_RIGHTS)");
    return shmc_no_error();
}

/** Receives one descriptor sent by shmc_fdpass_send. */
shmc_error_t
shmc_fdpass_recv(int sock, int *fd)
{
    struct msghdr msg;
    struct cmsghdr *cmsg;
    struct iovec iov;
    control_t control;
    char byte;

    message_init(&msg, &iov, &byte, &control);
    if (recvmsg(sock, &msg, 0) != 1)
        return shmc_error_libc(errno != 0 ? errno : EPROTO, "recvmsg");
    cmsg = CMSG_FIRSTHDR(&msg);
    if (cmsg == NULL || cmsg->cmsg_level != SOL_SOCKET ||
        cmsg->cmsg_type != SCM_RIGHTS)
        return shmc_error_libc(EPROTO, "recvmsg: no descriptor came");
    memcpy(fd, CMSG_DATA(cmsg), sizeof(int));
    return shmc_no_error();
}
