/* SPDX-License-Identifier: BSD-2-Clause */

#if defined(HAVE_CONFIG_H)
#   include "config.h"
#endif

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/proc.h"

static int
child_says_hello(void *arg, int fd)
{
    (void)arg;
    (void)shmc_proc_send(fd, "hello");
    return 7;
}

static int
child_blocks(void *arg, int fd)
{
    (void)arg;
    (void)fd;
    /* Waits forever on nothing: only the deadline ends it. */
    for (;;)
        (void)poll(NULL, 0, -1);
    return 0;
}

static int
child_segfaults(void *arg, int fd)
{
    (void)arg;
    (void)fd;
    /* cmocka catches SIGSEGV in the test process; the child must die. */
    shmc_proc_expect_signal();
    (void)raise(SIGSEGV);
    return 0;
}

static shmc_error_t
call_finds(void *arg, int fd)
{
    (void)arg;
    (void)shmc_proc_send(fd, "found 1");
    (void)shmc_proc_send(fd, "found 2");
    return shmc_no_error();
}

static shmc_error_t
call_fails(void *arg, int fd)
{
    (void)fd;
    if (arg != NULL)
        return shmc_error_skip("not here");
    return shmc_error_libc(EACCES, "open(x)\nsecond line");
}

static shmc_error_t
call_exits(void *arg, int fd)
{
    (void)arg;
    (void)fd;
    _exit(4);
}

static shmc_error_t
call_segfaults(void *arg, int fd)
{
    (void)child_segfaults(arg, fd);
    return shmc_no_error();
}

static void
fork__output_and_status(void **state)
{
    shmc_proc_result_t r;

    (void)state;
    assert_null(shmc_proc_fork(child_says_hello, NULL, 5000, &r));
    assert_string_equal(r.m_output, "hello\n");
    assert_false(r.m_timed_out);
    assert_true(WIFEXITED(r.m_status) && WEXITSTATUS(r.m_status) == 7);
    assert_false(shmc_proc_exited_ok(&r));
    assert_int_equal(shmc_proc_signal(&r), 0);
    shmc_proc_result_fini(&r);
}

static void
fork__deadline_kills(void **state)
{
    shmc_proc_result_t r;

    (void)state;
    assert_null(shmc_proc_fork(child_blocks, NULL, 200, &r));
    assert_true(r.m_timed_out);
    assert_false(shmc_proc_exited_ok(&r));
    shmc_proc_result_fini(&r);
}

static void
fork__signal_reported(void **state)
{
    shmc_proc_result_t r;

    (void)state;
    assert_null(shmc_proc_fork(child_segfaults, NULL, 5000, &r));
    assert_int_equal(shmc_proc_signal(&r), SIGSEGV);
    shmc_proc_result_fini(&r);
}

static void
call__verdicts(void **state)
{
    char out[64];
    shmc_error_t err;

    (void)state;
    assert_null(shmc_proc_call(call_finds, NULL, 5000, out, sizeof(out)));
    assert_string_equal(out, "found 1\nfound 2");

    err = shmc_proc_call(call_fails, NULL, 5000, out, sizeof(out));
    assert_true(shmc_is_error(err) && !shmc_error_is_skip(err));
    assert_non_null(strstr(shmc_error_message(err), "open(x)"));
    assert_null(strchr(shmc_error_message(err), '\n'));
    assert_string_equal(out, "");
    shmc_error_free(err);

    err = shmc_proc_call(call_fails, (void *)1, 5000, NULL, 0);
    assert_true(shmc_error_is_skip(err));
    assert_string_equal(shmc_error_message(err), "not here");
    shmc_error_free(err);

    err = shmc_proc_call(call_exits, NULL, 5000, NULL, 0);
    assert_non_null(strstr(shmc_error_message(err), "status 4 without"));
    shmc_error_free(err);

    err = shmc_proc_call(call_segfaults, NULL, 5000, NULL, 0);
    assert_non_null(strstr(shmc_error_message(err), "SIGSEGV"));
    shmc_error_free(err);
}

static void
spawn__captures_output(void **state)
{
    char *argv[] = { (char *)"/bin/sh", (char *)"-c",
        (char *)"echo spawned; exit 3", NULL };
    char *missing[] = { (char *)"/nonexistent/shmc-program", NULL };
    shmc_proc_result_t r;
    shmc_error_t err;

    (void)state;
    assert_null(shmc_proc_spawn(argv, 5000, &r));
    assert_string_equal(r.m_output, "spawned\n");
    assert_true(WIFEXITED(r.m_status) && WEXITSTATUS(r.m_status) == 3);
    shmc_proc_result_fini(&r);

    /* posix_spawn may fail outright or the child may exit 127. */
    err = shmc_proc_spawn(missing, 5000, &r);
    if (shmc_is_error(err))
        shmc_error_free(err);
    else {
        assert_true(WIFEXITED(r.m_status) && WEXITSTATUS(r.m_status) == 127);
        shmc_proc_result_fini(&r);
    }
}

static void
recv__line_timeout_and_eof(void **state)
{
    char buf[16];
    int fds[2];
    shmc_error_t err;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    assert_null(shmc_proc_send(fds[1], "one"));
    assert_null(shmc_proc_send(fds[1], "two"));
    assert_null(shmc_proc_recv(fds[0], buf, sizeof(buf), 1000));
    assert_string_equal(buf, "one");
    assert_null(shmc_proc_recv(fds[0], buf, sizeof(buf), 1000));
    assert_string_equal(buf, "two");

    err = shmc_proc_recv(fds[0], buf, sizeof(buf), 50);
    assert_true(shmc_is_error(err));
    assert_int_equal(shmc_error_errno(err), ETIMEDOUT);
    shmc_error_free(err);

    (void)close(fds[1]);
    err = shmc_proc_recv(fds[0], buf, sizeof(buf), 1000);
    assert_true(shmc_is_error(err));
    shmc_error_free(err);
    (void)close(fds[0]);
}

static void
reap__bounded(void **state)
{
    pid_t pid;
    int status;

    (void)state;
    pid = fork();
    assert_true(pid != -1);
    if (pid == 0) {
        for (;;)
            (void)poll(NULL, 0, -1);
    }
    assert_false(shmc_proc_reap(pid, 100, &status));
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    pid = fork();
    assert_true(pid != -1);
    if (pid == 0)
        _exit(0);
    assert_true(shmc_proc_reap(pid, 5000, &status));
    assert_true(WIFEXITED(status));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fork__output_and_status),
        cmocka_unit_test(fork__deadline_kills),
        cmocka_unit_test(fork__signal_reported),
        cmocka_unit_test(call__verdicts),
        cmocka_unit_test(spawn__captures_output),
        cmocka_unit_test(recv__line_timeout_and_eof),
        cmocka_unit_test(reap__bounded),
    };

    return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
