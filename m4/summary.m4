dnl \file summary.m4
dnl
dnl The table configure prints last: what it found about shared memory.

dnl _SHMC_HUMAN(bytes)
dnl
dnl Expands to a shell command that prints a byte count with a binary unit.
AC_DEFUN([_SHMC_HUMAN], [`echo "$1" | ${AWK} '
    /^[[0-9]]+$/ { v = [$]1; u = "bytes"
        if (v >= 1073741824) { v /= 1073741824; u = "GiB" }
        else if (v >= 1048576) { v /= 1048576; u = "MiB" }
        else if (v >= 1024) { v /= 1024; u = "KiB" }
        if (u == "bytes") printf "%d bytes", v; else printf "%.1f %s", v, u
        next }
    { print }'`])

dnl _SHMC_MOUNT_LABEL(variable, mount-point)
dnl
dnl Sets variable to the mount point as the summary shows it.
AC_DEFUN([_SHMC_MOUNT_LABEL], [
    AS_CASE([$2],
        [none], [$1="an unknown mount point"],
        [unknown], [$1="an unknown mount point (probe did not run)"],
        [$1="$2"])
])

dnl SHMC_SUMMARY
dnl
dnl Prints the summary table; call it after AC_OUTPUT.
AC_DEFUN([SHMC_SUMMARY], [
    AS_CASE([${shmc_cv_shm_dir}],
        [none], [shmc_s_dir="no filesystem path (objects live in the kernel)"],
        [unknown], [shmc_s_dir="unknown (probe did not run)"],
        [shmc_s_dir="${shmc_cv_shm_dir} (${shmc_cv_shm_dir_fstype}, _SHMC_HUMAN([${shmc_cv_shm_dir_size}]), _SHMC_HUMAN([${shmc_cv_shm_dir_free}]) free)"])
    dnl A null mount point is one the probe could not find, not "unmounted".
    _SHMC_MOUNT_LABEL([shmc_s_tmp_mount], [${shmc_cv_tmp_mount}])
    _SHMC_MOUNT_LABEL([shmc_s_var_tmp_mount], [${shmc_cv_var_tmp_mount}])
    AS_IF([test "x${cross_compiling}" = xyes],
        [shmc_s_check="not here (cross-compiling from ${build}); on the target: kyua test -k PREFIX/tests/${PACKAGE}/Kyuafile"],
        [shmc_s_check="yes"])
    AS_IF([test -n "${shmc_check_missing}"],
        [shmc_s_check="${shmc_s_check}; not found here:${shmc_check_missing}"])
    cat <<SHMC_EOF

${PACKAGE_NAME} ${PACKAGE_VERSION} configuration summary
  built for:               ${host} (ABI ${shmc_cv_abi})
  shm_open library:        ${shmc_shm_open_library}
  shm_open creates:        ${shmc_cv_shm_open_works}
  shm object directory:    ${shmc_s_dir}
  shm dir is a tmpfs:      ${shmc_cv_shm_dir_is_tmpfs}
  shm mount options:       ${shmc_cv_shm_dir_options}
  shm dir size / memory:   ${shmc_cv_shm_dir_fraction}
  /tmp:                    ${shmc_cv_tmp_fstype} on ${shmc_s_tmp_mount}, _SHMC_HUMAN([${shmc_cv_tmp_size}])
  /var/tmp:                ${shmc_cv_var_tmp_fstype} on ${shmc_s_var_tmp_mount}, _SHMC_HUMAN([${shmc_cv_var_tmp_size}])
  physical memory:         _SHMC_HUMAN([${shmc_cv_physical_memory}])
  System V SHMMAX:         ${shmc_cv_shmmax} (from ${shmc_cv_shmmax_source})
  System V SHMMIN:         ${shmc_cv_shmmin}
  System V SHMMNI:         ${shmc_cv_shmmni}
  System V SHMSEG:         ${shmc_cv_shmseg}
  System V SHMALL:         ${shmc_cv_shmall}
  shm_rmid_forced:         ${shmc_cv_shm_rmid_forced}
  probe facts (JSON):      ${shmc_s_json}
  plugins load (dlopen):   ${shmc_cv_working_dlopen}
  library providers:       ${shmc_s_libs_built}
  libraries not found:     ${shmc_s_libs_missing} (sh ci/install-deps.sh --libs)
  developer mode:          ${shmc_developer}
  kyua:                    ${KYUA}
  make check runs:         ${shmc_s_check}

SHMC_EOF
])
