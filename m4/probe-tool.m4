dnl \file probe-tool.m4
dnl
dnl configure measures the system with the very C code that is installed as
dnl shmcompat-probe: it compiles the probe from the source tree against the
dnl answers found so far (confdefs.h), runs it once, and reads each fact
dnl from its output.  Every fact is an AC_CACHE_CHECK, so a cross-compiler
dnl presets it on the command line (shmc_cv_shm_dir=/dev/shm) instead.

dnl The probe's sources, relative to the top of the source tree.  They must
dnl match probes/Makefile.am.inc; tests/build_lists_test.sh checks it.
m4_define([_SHMC_PROBE_SOURCES], [lib/errname.c lib/error.c lib/json.c lib/name.c
    lib/run.c lib/utf8.c probes/facts.c probes/fsinfo.c probes/mounts.c
    probes/shmcompat-probe.c probes/shmdir.c probes/sysctl.c probes/sysv.c])

dnl SHMC_PROBE_TOOL
dnl
dnl Builds and runs the probe; sets shmc_probe_facts to the file holding its
dnl text output, or to "" when it cannot run (cross-compiling).
AC_DEFUN([SHMC_PROBE_TOOL], [
    AC_MSG_CHECKING([whether the shared-memory probe runs on this host])
    shmc_probe_facts=
    AS_IF([test "x${cross_compiling}" = xyes], [
        AC_MSG_RESULT([no (cross-compiling; preset shmc_cv_* to answer)])
    ], [
        rm -rf conftest.probe
        mkdir conftest.probe
        cp confdefs.h conftest.probe/config.h
        shmc_probe_srcs=
        for shmc_f in m4_normalize(_SHMC_PROBE_SOURCES); do
            shmc_probe_srcs="${shmc_probe_srcs} ${srcdir}/${shmc_f}"
        done
        shmc_probe_cmd="${CC} ${CFLAGS} ${CPPFLAGS} ${JSON_C_CFLAGS}"
        shmc_probe_cmd="${shmc_probe_cmd} -DHAVE_CONFIG_H"
        shmc_probe_cmd="${shmc_probe_cmd} -Iconftest.probe -I${srcdir}"
        shmc_probe_cmd="${shmc_probe_cmd} ${LDFLAGS} -o conftest.probe/probe"
        shmc_probe_cmd="${shmc_probe_cmd} ${shmc_probe_srcs} ${JSON_C_LIBS}"
        shmc_probe_cmd="${shmc_probe_cmd} ${LIBS}"
        echo "${as_me}:${LINENO}: ${shmc_probe_cmd}" >&AS_MESSAGE_LOG_FD
        AS_IF([eval "${shmc_probe_cmd}" >&AS_MESSAGE_LOG_FD 2>&1 &&
               ./conftest.probe/probe --text >conftest.probe/facts.txt \
                   2>&AS_MESSAGE_LOG_FD &&
               ./conftest.probe/probe --json >conftest.probe/probes.json \
                   2>&AS_MESSAGE_LOG_FD], [
            shmc_probe_facts=conftest.probe/facts.txt
            AC_MSG_RESULT([yes])
        ], [
            AC_MSG_RESULT([no])
            AC_MSG_ERROR([the shared-memory probe failed to build or run; see config.log])
        ])
    ])
])

dnl SHMC_PROBE_FACT(name, key, description)
dnl
dnl Caches one fact as shmc_cv_<name>: the probe's value for the dotted key,
dnl "none" where the probe measured a null, "unknown" where it could not run.
dnl
dnl \param 1 The cache variable suffix.
dnl \param 2 The dotted key in the probe's output, e.g. shm_dir.path.
dnl \param 3 The text of the "checking ..." line.
AC_DEFUN([SHMC_PROBE_FACT], [
    AC_CACHE_CHECK([$3], [shmc_cv_$1], [
        shmc_cv_$1=unknown
        AS_IF([test -n "${shmc_probe_facts}"], [
            shmc_cv_$1=`${AWK} -v k='$2: ' \
                '[index($][0, k) == 1 { print substr($][0, length(k) + 1); exit }]' \
                "${shmc_probe_facts}"`
            AS_CASE([${shmc_cv_$1}], [""], [shmc_cv_$1=unknown],
                [null], [shmc_cv_$1=none])
        ])
    ])
])

dnl SHMC_PROBES
dnl
dnl All configure-time measurements, their config.h macros and probes.json.
AC_DEFUN([SHMC_PROBES], [
    AC_REQUIRE([AC_PROG_AWK])
    SHMC_PROBE_TOOL
    SHMC_PROBE_FACT([shm_open_works], [shm_open.works],
        [whether shm_open creates objects])
    SHMC_PROBE_FACT([shm_dir], [shm_dir.path],
        [where shm_open objects live])
    SHMC_PROBE_FACT([shm_dir_fstype], [shm_dir.fstype],
        [the filesystem type of the shm directory])
    SHMC_PROBE_FACT([shm_dir_size], [shm_dir.size_bytes],
        [the size of the shm directory's filesystem])
    SHMC_PROBE_FACT([shm_dir_free], [shm_dir.free_bytes],
        [the free space in the shm directory])
    SHMC_PROBE_FACT([shm_dir_is_tmpfs], [shm_dir.is_tmpfs],
        [whether the shm directory is a tmpfs])
    SHMC_PROBE_FACT([shm_dir_fraction], [shm_dir.fraction_of_memory],
        [the shm directory's size as a fraction of memory])
    SHMC_PROBE_FACT([shm_dir_options], [shm_dir.options],
        [the mount options of the shm directory])
    SHMC_PROBE_FACT([tmp_fstype], [tmpfs./tmp.fstype],
        [the filesystem type of /tmp])
    SHMC_PROBE_FACT([tmp_mount], [tmpfs./tmp.mount_point],
        [the mount point that holds /tmp])
    SHMC_PROBE_FACT([tmp_size], [tmpfs./tmp.size_bytes],
        [the size of /tmp])
    SHMC_PROBE_FACT([var_tmp_fstype], [tmpfs./var/tmp.fstype],
        [the filesystem type of /var/tmp])
    SHMC_PROBE_FACT([var_tmp_mount], [tmpfs./var/tmp.mount_point],
        [the mount point that holds /var/tmp])
    SHMC_PROBE_FACT([var_tmp_size], [tmpfs./var/tmp.size_bytes],
        [the size of /var/tmp])
    SHMC_PROBE_FACT([physical_memory], [memory.physical_bytes],
        [the amount of physical memory])
    SHMC_PROBE_FACT([shmmax], [sysv.shmmax], [the System V SHMMAX limit])
    SHMC_PROBE_FACT([shmmin], [sysv.shmmin], [the System V SHMMIN limit])
    SHMC_PROBE_FACT([shmmni], [sysv.shmmni], [the System V SHMMNI limit])
    SHMC_PROBE_FACT([shmseg], [sysv.shmseg], [the System V SHMSEG limit])
    SHMC_PROBE_FACT([shmall], [sysv.shmall], [the System V SHMALL limit])
    SHMC_PROBE_FACT([shmmax_source], [sysv.sources.shmmax],
        [where SHMMAX was read from])
    SHMC_PROBE_FACT([shm_rmid_forced], [sysv.shm_rmid_forced],
        [whether shm_rmid_forced is set])

    AC_DEFINE_UNQUOTED([SHMC_CONF_SHM_DIR], ["${shmc_cv_shm_dir}"],
        [Where configure found shm_open objects: a path, none or unknown.])
    AC_DEFINE_UNQUOTED([SHMC_CONF_SHMMNI], ["${shmc_cv_shmmni}"],
        [The SHMMNI limit configure measured, or unknown.])

    AS_IF([test -n "${shmc_probe_facts}"], [
        mv conftest.probe/probes.json probes.json
    ], [
        rm -f probes.json
    ])
    rm -rf conftest.probe
])
