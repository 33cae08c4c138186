dnl SPDX-License-Identifier: BSD-2-Clause
dnl
dnl SHMC_LIBRARIES
dnl
dnl Finds the shared-memory libraries that have a provider (Boost.Interprocess,
dnl APR, Qt 6, POCO, Python's multiprocessing.shared_memory).  Each one found
dnl gets its provider built (SHMC_WITH_<NAME> conditionals); the summary
dnl names the ones built and the ones missing.
AC_DEFUN([SHMC_LIBRARIES], [
    shmc_libs_built=
    shmc_libs_missing=

    AC_LANG_PUSH([C++])
    AC_CHECK_HEADER([boost/interprocess/shared_memory_object.hpp],
        [shmc_have_boost_ipc=yes], [shmc_have_boost_ipc=no])
    AC_CHECK_HEADER([boost/interprocess/xsi_shared_memory.hpp],
        [shmc_have_boost_xsi=yes], [shmc_have_boost_xsi=no])
    AC_CHECK_HEADER([Poco/SharedMemory.h], [shmc_have_poco=yes],
        [shmc_have_poco=no])
    AS_IF([test "${shmc_have_poco}" = yes], [
        shmc_save_LIBS=${LIBS}
        LIBS="-lPocoFoundation ${LIBS}"
        AC_MSG_CHECKING([for Poco::SharedMemory in -lPocoFoundation])
        AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <Poco/SharedMemory.h>]],
            [[Poco::SharedMemory m; (void)m.begin();]])],
            [shmc_have_poco=yes], [shmc_have_poco=no])
        AC_MSG_RESULT([${shmc_have_poco}])
        LIBS=${shmc_save_LIBS}
    ])
    AC_LANG_POP([C++])
    PKG_CHECK_MODULES([APR], [apr-1], [shmc_have_apr=yes],
        [shmc_have_apr=no])
    PKG_CHECK_MODULES([QT], [Qt6Core], [shmc_have_qt=yes],
        [shmc_have_qt=no])
    AC_PATH_PROG([PYTHON3], [python3], [no])
    AC_CACHE_CHECK([for multiprocessing.shared_memory in Python 3],
        [shmc_cv_python_shared_memory], [
        shmc_cv_python_shared_memory=no
        AS_IF([test "${PYTHON3}" != no &&
            "${PYTHON3}" -c 'from multiprocessing import shared_memory' \
            >/dev/null 2>&1], [shmc_cv_python_shared_memory=yes])
    ])

    for shmc_l in boost_interprocess:${shmc_have_boost_ipc} \
        boost_xsi:${shmc_have_boost_xsi} apr:${shmc_have_apr} \
        qt:${shmc_have_qt} poco:${shmc_have_poco} \
        python_shared_memory:${shmc_cv_python_shared_memory}; do
        AS_CASE([${shmc_l}],
            [*:yes], [shmc_libs_built="${shmc_libs_built} ${shmc_l%:yes}"],
            [shmc_libs_missing="${shmc_libs_missing} ${shmc_l%:no}"])
    done
    SHMC_LIBRARY_PROVIDERS=`echo ${shmc_libs_built}`
    AC_SUBST([SHMC_LIBRARY_PROVIDERS])
    AM_CONDITIONAL([SHMC_WITH_BOOST_INTERPROCESS],
        [test "${shmc_have_boost_ipc}" = yes])
    AM_CONDITIONAL([SHMC_WITH_BOOST_XSI], [test "${shmc_have_boost_xsi}" = yes])
    AM_CONDITIONAL([SHMC_WITH_APR], [test "${shmc_have_apr}" = yes])
    AM_CONDITIONAL([SHMC_WITH_QT], [test "${shmc_have_qt}" = yes])
    AM_CONDITIONAL([SHMC_WITH_POCO], [test "${shmc_have_poco}" = yes])
    AM_CONDITIONAL([SHMC_WITH_PYTHON_SHARED_MEMORY],
        [test "${shmc_cv_python_shared_memory}" = yes])
    shmc_s_libs_built=${SHMC_LIBRARY_PROVIDERS:-none}
    shmc_s_libs_missing=`echo ${shmc_libs_missing}`
    shmc_s_libs_missing=${shmc_s_libs_missing:-none}
])
