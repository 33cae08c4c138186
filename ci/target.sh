#! /bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# target.sh [options]
#
# Runs the installed suite on a Debian kernel under qemu (TCG): cross-builds
# shmcompat against the target's own Debian userland, boots the kernel with
# that userland as its root filesystem and a small init of ours, runs
# shmcompat-probe, kyua on the installed Kyuafile and shmcompat-report,
# powers off and copies the results out.  See README.md, "Running on a
# Debian kernel under qemu".
#
# Options:
#   --arch ARCH           x86_64 or aarch64 (default: this machine's)
#   --kernel PKG[=VER]    a Debian linux-image package (default:
#                         linux-image-cloud-amd64 or -cloud-arm64, which
#                         have NVMe and ext4 built in)
#   --kernel-suite SUITE  the Debian release to take it from (default:
#                         bookworm; bullseye has 5.10, trixie 6.12)
#   --kernel-image FILE   boot this kernel image instead of a package's
#                         (its NVMe driver and ext4 built in)
#   --suite SUITE         the userland's Debian release (default: bookworm)
#   --label NAME          the report's label (see shmcompat-report(1))
#   --out DIR             where the results go (default:
#                         _targets/ARCH-linux-KERNEL in the tree)
#   --timeout SECONDS     bound on each boot of the guest (default: 900)
#   --mirror URL          the Debian mirror (default: the system's own, from
#                         its apt sources)
#
# The root filesystem (debootstrap, its second stage run in the guest) and
# the kernels are cached in ${XDG_CACHE_HOME:-~/.cache}/shmcompat-target
# (or $SHMC_TARGET_CACHE); every boot works on a throw-away overlay of the
# cached image, and the work files are removed on exit.
#
# Writes OUT/report.json, report.md, report.html, results.db, probes.json,
# kyua.log and console.log.  Exit status: 0 when the suite ran (failing
# conformance cases are findings), 1 when it could not run or broke (a
# kernel that does not reach our init included), 2 for a usage error, 3
# when the kernel or the root filesystem could not be had (a download
# failed), 4 when qemu failed or the guest did not power off within its
# bound (TCG too slow on this machine): the caller may skip a target for 3
# or 4.  Each kernel boots through an initramfs of ours (made once, cached
# with the kernel) that finds the root disk by its content and carries the
# kernel's own modules for NVMe and ext4 where they are not built in.

set -eu

Prog_Name=${0##*/}

# Bump when the init or the root filesystem's packages change: a new name
# makes a new cached image.
Rootfs_Version=1
Rootfs_Packages=kyua,libatf-c-1,libsqlite3-0,libjson-c5,libatf-dev,libsqlite3-dev,libjson-c-dev,libc6-dev

err() {
    echo "${Prog_Name}: $*" 1>&2
    exit 1
}

unavailable() {
    echo "${Prog_Name}: cannot get $*" 1>&2
    exit 3
}

no_boot() {
    echo "${Prog_Name}: $*" 1>&2
    exit 4
}

usage_error() {
    echo "${Prog_Name}: $*" 1>&2
    echo "usage: ${Prog_Name} [--arch ARCH] [--kernel PKG[=VER]] [--kernel-suite SUITE] [--kernel-image FILE] [--suite SUITE] [--label NAME] [--out DIR] [--timeout SECONDS] [--mirror URL]" 1>&2
    exit 2
}

# Each line says how long the run has taken so far, so that a slow stage
# shows in the CI log.
log() {
    echo "==> ${Prog_Name} [$(($(date +%s) - ${t0:-$(date +%s)})) s]: $*"
}

# The first Debian archive URL in the system's apt sources that is not the
# security archive.
system_mirror() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "${f}" ] || continue
        sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' "${f}"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "${f}" ] || continue
        sed -n 's/^URIs: *\([^ ]*\).*/\1/p' "${f}"
    done
}

pick_mirror() {
    [ -z "${mirror}" ] || return 0
    mirror=$(system_mirror | grep -v security | head -n 1)
    [ -n "${mirror}" ] || usage_error "no Debian mirror in the system's apt sources: give --mirror URL"
}

set_arch() {
    case "$1" in
        x86_64|amd64)
            arch=x86_64 deb_arch=amd64 gnu_type=x86_64-linux-gnu
            qemu="qemu-system-x86_64 -machine pc"
            console=ttyS0
            ;;
        aarch64|arm64)
            arch=aarch64 deb_arch=arm64 gnu_type=aarch64-linux-gnu
            # pauth-impdef: the architected pointer authentication is
            # slow to emulate; max keeps 16 KiB pages possible.
            qemu="qemu-system-aarch64 -machine virt -cpu max,pauth-impdef=on"
            console=ttyAMA0
            ;;
        *) usage_error "unknown architecture $1 (x86_64 or aarch64)" ;;
    esac
}

# apt-get or apt-cache with a private state for one release and architecture: the
# system's apt configuration, lists and package database are not touched.
private_apt() {
    suite_=$1
    tool_=$2
    shift 2
    state="${cache}/apt/${suite_}-${deb_arch}"
    if [ ! -f "${state}/sources.list" ]; then
        mkdir -p "${state}/lists/partial" "${state}/cache/archives/partial" \
            "${state}/parts"
        : >"${state}/status"
        echo "deb ${mirror} ${suite_} main" >"${state}/sources.list"
    fi
    "${tool_}" -q -o "Dir::Etc::SourceList=${state}/sources.list" \
        -o "Dir::Etc::SourceParts=${state}/parts" \
        -o "Dir::State::Lists=${state}/lists" \
        -o "Dir::State::status=${state}/status" \
        -o "Dir::Cache=${state}/cache" \
        -o "APT::Architecture=${deb_arch}" \
        -o "APT::Architectures=${deb_arch}" "$@"
}

# Sets vmlinuz to the kernel image of package $1 (PKG or PKG=VERSION) from
# release $2, downloading it once.
fetch_kernel() {
    pkg=${1%%=*}
    version=
    case "$1" in *=*) version=${1#*=} ;; esac
    log "kernel ${1} from ${2}"
    private_apt "$2" apt-get update >"${logs}/apt-update.log" 2>&1 ||
        unavailable "the ${2} package lists from ${mirror} (see ${logs}/apt-update.log)"
    # A metapackage (linux-image-cloud-arm64) names the real one.
    real=$(private_apt "$2" apt-cache show "${1}" 2>/dev/null |
        sed -n 's/^Depends:.*\(linux-image-[0-9][^ ,]*\).*/\1/p' | head -n 1)
    if [ -n "${real}" ]; then
        pkg=${real}
        version=
    fi
    [ -n "${version}" ] || version=$(private_apt "$2" apt-cache show "${pkg}" \
        2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
    [ -n "${version}" ] || unavailable "${pkg} in ${2}"
    kdir="${cache}/kernels/${pkg}_${version}"
    if [ ! -f "${kdir}/initrd.img" ]; then
        rm -rf "${kdir}.tmp"
        mkdir -p "${kdir}.tmp/x"
        (cd "${kdir}.tmp" &&
            private_apt "$2" apt-get download "${pkg}=${version}") \
            >"${logs}/apt-download.log" 2>&1 ||
            unavailable "${pkg}=${version} (see ${logs}/apt-download.log)"
        dpkg-deb -x "${kdir}.tmp"/*.deb "${kdir}.tmp/x"
        mv "$(ls "${kdir}.tmp"/x/boot/vmlinu*)" "${kdir}.tmp/vmlinuz"
        make_initramfs "${kdir}.tmp/x" "${kdir}.tmp" "$2"
        rm -rf "${kdir}.tmp/x" "${kdir}.tmp"/*.deb
        rm -rf "${kdir}"
        mv "${kdir}.tmp" "${kdir}"
    fi
    vmlinuz="${kdir}/vmlinuz"
    initrd="${kdir}/initrd.img"
    kernel_name=${pkg#linux-image-}
}

# The modules a kernel needs to mount its root disk (NVMe, ext4), in the
# order to load them, from the unpacked package $1; nothing when they are
# built in (the cloud flavours).
boot_modules() {
    mbase=$1
    [ -d "${mbase}/lib/modules" ] || mbase="${mbase}/usr"
    for kver in "${mbase}"/lib/modules/*; do
        [ -d "${kver}" ] || return 0
        kver=${kver##*/}
        depmod -b "${mbase}" "${kver}" ||
            err "depmod failed on the modules of ${pkg}"
        modprobe -d "${mbase}" -S "${kver}" --show-depends -a nvme ext4 |
            sed -n 's/^insmod \([^ ]*\).*/\1/p'
        return 0
    done
}

# Writes $2/initrd.img for the kernel unpacked in $1: a static busybox
# from release $3, the modules the kernel needs for its disk and ext4 when
# they are not built in (the generic flavours, arm64-16k among them), and
# an init that loads them, finds the root disk by its content and hands
# over to its init.  Every kernel boots through one: the NVMe driver
# probes its controllers asynchronously, so which of the two disks is
# nvme0n1 changes from boot to boot, and root=/dev/nvme0n1 once booted
# the data disk.
make_initramfs() {
    mods=$(boot_modules "$1")
    log "initramfs; the kernel's own modules in it:" \
        "$(echo "${mods:-none}" | sed 's,.*/,,; s,\.ko.*,,' | tr '\n' ' ')"
    ird="$2/initramfs"
    mkdir -p "${ird}/modules" "${ird}/bin" "${ird}/dev" "${ird}/proc" \
        "${ird}/newroot"
    n=10
    for m in ${mods}; do
        f="${ird}/modules/${n}-$(basename "${m}" | sed 's/\.ko.*//').ko"
        case "${m}" in
            *.ko.xz) xz -dc "${m}" >"${f}" ;;
            *.ko.zst) zstd -qdc "${m}" >"${f}" ;;
            *.ko.gz) gzip -dc "${m}" >"${f}" ;;
            *) cp "${m}" "${f}" ;;
        esac
        n=$((n + 1))
    done
    (cd "$2" && private_apt "$3" apt-get download busybox-static) \
        >"${logs}/apt-download.log" 2>&1 ||
        unavailable "busybox-static from ${3} (see ${logs}/apt-download.log)"
    mkdir -p "$2/bb"
    dpkg-deb -x "$2"/busybox-static_*.deb "$2/bb"
    for f in "$2/bb/bin/busybox" "$2/bb/usr/bin/busybox"; do
        [ ! -f "${f}" ] || cp "${f}" "${ird}/bin/busybox"
    done
    rm -rf "$2/bb" "$2"/busybox-static_*.deb
    [ -f "${ird}/bin/busybox" ] || err "no busybox in ${3}'s busybox-static"
    write_initramfs_init "${ird}/init"
    chmod 755 "${ird}/bin/busybox"
    (cd "${ird}" && find . | cpio -o -H newc --quiet) | gzip -1 \
        >"$2/initrd.img"
    rm -rf "${ird}"
}

write_initramfs_init() {
    cat >"$1" <<'EOF'
#!/bin/busybox sh
# ci/target.sh's initramfs: loads the modules the kernel needs to reach its
# root disk, mounts the disk that holds /shmcompat-init and hands over.
bb=/bin/busybox
$bb mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$bb mount -t proc proc /proc
for m in /modules/*.ko; do
    [ -f "$m" ] || continue
    $bb insmod "$m" || echo "shmcompat-initramfs: insmod $m failed"
done
# NVMe disks appear asynchronously once the driver is loaded: look for the
# root disk (the one with our init) for at most 60 s.
n=0
while [ "$n" -lt 600 ]; do
    for d in /dev/nvme*n1; do
        [ -b "$d" ] || continue
        if $bb mount -t ext4 "$d" /newroot 2>/dev/null; then
            [ -x /newroot/shmcompat-init ] && break 2
            $bb umount /newroot
        fi
    done
    $bb sleep 0.1
    n=$((n + 1))
done
if [ ! -x /newroot/shmcompat-init ]; then
    echo "shmcompat-initramfs: no root disk with /shmcompat-init"
    echo o >/proc/sysrq-trigger
    exit 1
fi
$bb umount /proc
$bb mount -o move /dev /newroot/dev
exec $bb switch_root /newroot /shmcompat-init
EOF
    chmod 755 "$1"
}

# Boots the guest: root image $1 (",snapshot=on" appended for a
# throw-away overlay, ",cache=unsafe" for one), data image $2; the console
# goes to $3.
boot() {
    bound=${boot_timeout:-${timeout}}
    log "booting ${kernel_name} (${arch}, TCG, at most ${bound} s)"
    # In the background, so that a TERM to this script stops the guest at
    # once (the trap) rather than after it.
    # shellcheck disable=SC2086
    timeout -k 10 "${bound}" ${qemu} -accel tcg -smp 2 -m 2048 \
        -nographic -monitor none -no-reboot \
        -kernel "${vmlinuz}" ${initrd:+-initrd "${initrd}"} \
        -append "console=${console} quiet panic=-1" \
        -drive "file=$1,if=none,id=root,format=raw" \
        -device nvme,drive=root,serial=shmcroot \
        -drive "file=$2,if=none,id=data,format=raw" \
        -device nvme,drive=data,serial=shmcdata \
        </dev/null >"$3" 2>&1 &
    guest=$!
    rc=0
    wait "${guest}" || rc=$?
    guest=
    log "the guest stopped (qemu's exit status ${rc})"
    if [ "${rc}" -ne 0 ]; then
        tail -n 20 "$3" 1>&2
        [ "${rc}" -ne 124 ] || no_boot "the guest did not power off within ${bound} s (console: $3)"
        no_boot "qemu failed (exit ${rc}; console: $3)"
    fi
    # Not anchored: firmware may leave escape codes on the line.
    grep -q "shmcompat-init: running the job" "$3" || {
        tail -n 20 "$3" 1>&2
        err "${kernel_name} did not boot into our init (console: $3)"
    }
}

# The init the root filesystem boots: the kernel's filesystems, the data
# disk, and its job.sh; then a clean power-off (a minbase tree has no
# poweroff command).
write_init() {
    cat >"$1" <<'EOF'
#!/bin/sh
# shmcompat's init for ci/target.sh: mounts what the suite needs, runs the
# job on the disk labelled shmcdata, powers off.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /mnt/shmcompat
mount -t devpts devpts /dev/pts
# As systemd mounts it on Debian: a tmpfs, nosuid and nodev.
mount -t tmpfs -o nosuid,nodev,mode=1777 shm /dev/shm
mount -o remount,rw /
echo shmcompat-target >/proc/sys/kernel/hostname
if mount LABEL=shmcdata /mnt/shmcompat; then
    /bin/sh /mnt/shmcompat/job.sh
    sync
    umount /usr/local 2>/dev/null
    umount /mnt/shmcompat
else
    echo "shmcompat-init: no data disk"
fi
sync
mount -o remount,ro / 2>/dev/null
echo o >/proc/sysrq-trigger
sleep 30
EOF
    chmod 755 "$1"
}

# Sets rootfs to the cached root filesystem image of $suite for $deb_arch
# and sysroot to the target's libraries and headers for the cross build,
# making both once.
prepare_rootfs() {
    name="${suite}-${deb_arch}-v${Rootfs_Version}"
    rootfs="${cache}/rootfs/${name}.img"
    sysroot="${cache}/rootfs/${name}.sysroot"
    [ -f "${rootfs}" ] && [ -d "${sysroot}" ] && return 0

    tmp="${work}/rootfs"
    rm -rf "${sysroot}"
    mkdir -p "${tmp}"
    log "root filesystem: debootstrap ${suite} ${deb_arch}, first stage"
    debootstrap --arch="${deb_arch}" --foreign --variant=minbase \
        --include="${Rootfs_Packages}" "${suite}" "${tmp}/root" "${mirror}" \
        >"${logs}/debootstrap.log" 2>&1 ||
        unavailable "a ${suite} ${deb_arch} root filesystem (see ${logs}/debootstrap.log)"
    # The sysroot: every package the target has, unpacked.
    log "sysroot for the cross build"
    mkdir -p "${tmp}/sysroot"
    for deb in "${tmp}"/root/var/cache/apt/archives/*.deb; do
        dpkg-deb -x "${deb}" "${tmp}/sysroot"
    done
    # debootstrap copies the build host's; the guest names itself.
    echo shmcompat-target >"${tmp}/root/etc/hostname"
    write_init "${tmp}/root/shmcompat-init"

    if [ "${deb_arch}" = "$(dpkg --print-architecture 2>/dev/null)" ]; then
        # This machine runs the target's programs: the second stage in a
        # chroot, in a private mount namespace that takes debootstrap's
        # mounts away with it.
        log "root filesystem: second stage, in a chroot"
        unshare -m --propagation private chroot "${tmp}/root" /bin/sh -c \
            '/debootstrap/debootstrap --second-stage && apt-get clean' \
            >"${logs}/stage2.log" 2>&1 ||
            unavailable "a ${suite} ${deb_arch} root filesystem: debootstrap's second stage failed (see ${logs}/stage2.log)"
        mke2fs -q -t ext4 -L shmcroot -d "${tmp}/root" "${tmp}/root.img" 2G \
            >/dev/null
        rm -rf "${tmp}/root"
    else
        # A foreign first stage leaves /proc a symlink to the build host's
        # /proc, which loops in the guest; the second stage makes it a
        # directory again.
        if [ -L "${tmp}/root/proc" ]; then
            rm -f "${tmp}/root/proc"
            mkdir -m 555 "${tmp}/root/proc"
        fi
        mke2fs -q -t ext4 -L shmcroot -d "${tmp}/root" "${tmp}/root.img" 2G \
            >/dev/null
        rm -rf "${tmp}/root"
        # Foreign programs run only in the guest: once, slowly (dpkg under
        # TCG), hence a bound of its own.
        log "root filesystem: second stage, in the guest"
        mkdir -p "${tmp}/data"
        cat >"${tmp}/data/job.sh" <<'EOF'
echo "shmcompat-init: running the job"
/debootstrap/debootstrap --second-stage >/mnt/shmcompat/stage2.log 2>&1 &&
    apt-get clean && echo ok >/mnt/shmcompat/stage2.ok
tail -n 5 /mnt/shmcompat/stage2.log
EOF
        mke2fs -q -t ext4 -L shmcdata -d "${tmp}/data" "${tmp}/data.img" 64M \
            >/dev/null
        boot_timeout=${stage2_timeout}
        # The image is thrown away if this fails: the guest's many
        # fsyncs need not reach the host's disk (cache=unsafe).
        boot "${tmp}/root.img,cache=unsafe" "${tmp}/data.img" \
            "${logs}/stage2-console.log"
        boot_timeout=
        if ! debugfs -R "cat /stage2.ok" "${tmp}/data.img" 2>/dev/null |
            grep -q ok; then
            debugfs -R "cat /stage2.log" "${tmp}/data.img" \
                >"${logs}/stage2.log" 2>/dev/null || :
            tail -n 20 "${logs}/stage2.log" 1>&2
            err "debootstrap's second stage failed in the guest (see ${logs}/stage2.log)"
        fi
    fi
    mkdir -p "${cache}/rootfs"
    mv "${tmp}/sysroot" "${sysroot}"
    mv "${tmp}/root.img" "${rootfs}"
    rm -rf "${tmp}"
}

# Cross-builds shmcompat against the sysroot and installs it into $1.
build_into() {
    build="${top}/_targets/build-${suite}-${arch}"
    mkdir -p "${build}"
    if [ -f "${top}/Makefile" ]; then
        # Configured in place: build from a copy of its sources.
        src="${build}/src"
        rm -rf "${src}"
        make -C "${top}" -s distdir distdir="${src}" >/dev/null
    else
        src=${top}
        [ -f "${src}/configure" ] || (cd "${src}" && autoreconf -fi) \
            >"${build}/autoreconf.log" 2>&1 ||
            err "autoreconf failed; see ${build}/autoreconf.log"
    fi
    # Kept between runs (the copy keeps the sources' times): the kernels of
    # one architecture share a build.
    obj="${build}/obj"
    multiarch="${sysroot}/usr/lib/${gnu_type}"
    log "cross-building for ${gnu_type} against the ${suite} sysroot"
    key="${src} ${sysroot}"
    if [ ! -f "${obj}/Makefile" ] ||
        [ "$(cat "${obj}/.shmc-key" 2>/dev/null)" != "${key}" ]; then
        rm -rf "${obj}"
        mkdir -p "${obj}"
        echo "${key}" >"${obj}/.shmc-key"
    fi
    [ -f "${obj}/Makefile" ] || (cd "${obj}" && "${src}/configure" -q --host="${gnu_type}" \
        --build="$("${src}/build-aux/config.guess")" \
        CC="${gnu_type}-gcc --sysroot=${sysroot}" PKG_CONFIG=pkg-config \
        PKG_CONFIG_LIBDIR="${multiarch}/pkgconfig:${sysroot}/usr/share/pkgconfig" \
        PKG_CONFIG_SYSROOT_DIR="${sysroot}") >"${build}/configure.log" 2>&1 ||
        err "configure failed; see ${build}/configure.log and ${obj}/config.log"
    make -C "${obj}" -s -j2 >"${build}/make.log" 2>&1 ||
        err "the build failed; see ${build}/make.log"
    make -C "${obj}" -s install DESTDIR="$1" >>"${build}/make.log" 2>&1 ||
        err "make install failed; see ${build}/make.log"
}

cleanup() {
    if [ -n "${guest:-}" ]; then
        kill "${guest}" 2>/dev/null || :
        wait "${guest}" 2>/dev/null || :
    fi
    [ -z "${work:-}" ] || rm -rf "${work}"
}

main() {
    t0=$(date +%s)
    arch=$(uname -m)
    kernel=
    kernel_suite=bookworm
    kernel_image=
    suite=bookworm
    label=
    out=
    timeout=900
    stage2_timeout=3600
    mirror=
    while [ $# -gt 0 ]; do
        [ $# -ge 2 ] || usage_error "$1 needs a value"
        case "$1" in
            --arch) arch=$2 ;;
            --kernel) kernel=$2 ;;
            --kernel-suite) kernel_suite=$2 ;;
            --kernel-image) kernel_image=$2 ;;
            --suite) suite=$2 ;;
            --label) label=$2 ;;
            --out) out=$2 ;;
            --timeout) timeout=$2 ;;
            --mirror) mirror=$2 ;;
            *) usage_error "unknown option $1" ;;
        esac
        shift 2
    done
    set_arch "${arch}"
    [ -n "${kernel}" ] || kernel="linux-image-cloud-${deb_arch}"
    [ "$(id -u)" -eq 0 ] || err "must run as root (debootstrap, mke2fs -d of a root filesystem)"
    for tool in ${qemu%% *} debootstrap mke2fs debugfs dpkg-deb timeout \
        "${gnu_type}-gcc" pkg-config depmod modprobe cpio xz gzip; do
        command -v "${tool}" >/dev/null 2>&1 ||
            err "${tool} is missing: run sh ci/install-deps.sh --qemu"
    done

    top=$(cd "$(dirname "$0")/.." && pwd)
    cache=${SHMC_TARGET_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/shmcompat-target}
    mkdir -p "${cache}"
    # Logs of the downloads and of the root filesystem's making stay for
    # a look after a failure; the work files go.
    logs="${cache}/logs"
    mkdir -p "${logs}"
    work=$(mktemp -d "${cache}/work.XXXXXX")
    trap cleanup EXIT
    trap 'exit 1' HUP INT TERM
    pick_mirror

    if [ -n "${kernel_image}" ]; then
        [ -f "${kernel_image}" ] || usage_error "no kernel image ${kernel_image}"
        vmlinuz=${kernel_image}
        kernel_name=${kernel_image##*/}
        # Our initramfs without modules: the image must have its disk
        # driver and ext4 built in.
        initrd="${cache}/kernels/initrd-${kernel_suite}-${deb_arch}.img"
        if [ ! -f "${initrd}" ]; then
            mkdir -p "${work}/initrd" "${cache}/kernels"
            make_initramfs "${work}/initrd" "${work}/initrd" "${kernel_suite}"
            mv "${work}/initrd/initrd.img" "${initrd}"
        fi
    else
        fetch_kernel "${kernel}" "${kernel_suite}"
    fi
    [ -n "${out}" ] || out="${top}/_targets/${arch}-${kernel_name}"
    mkdir -p "${out}"
    out=$(cd "${out}" && pwd)
    started=$(date +%s)

    prepare_rootfs

    stage="${work}/data"
    mkdir -p "${stage}/out"
    build_into "${stage}"
    cat >"${stage}/job.sh" <<EOF
echo "shmcompat-init: running the job"
out=/mnt/shmcompat/out
mount --bind /mnt/shmcompat/usr/local /usr/local
cd "\${out}" || exit 1
uname -a >uname.txt
/usr/local/bin/shmcompat-probe --json >probes.json
echo \$? >probe.rc
mkdir -p home
HOME="\${out}/home" kyua --logfile="\${out}/kyua.log" -v parallelism=2 \\
    test -k /usr/local/tests/shmcompat/Kyuafile -r "\${out}/results.db"
echo \$? >kyua.rc
rm -rf home
/usr/local/bin/shmcompat-report --results results.db --probes probes.json \\
    --output-dir "\${out}" --label "${label}" >report.txt 2>&1
echo \$? >report.rc
cat report.txt
EOF
    mke2fs -q -t ext4 -L shmcdata -d "${stage}" "${work}/data.img" 512M >/dev/null
    rm -rf "${stage}"
    boot "${rootfs},snapshot=on" "${work}/data.img" "${out}/console.log"

    log "copying the results out"
    rm -rf "${work}/results"
    mkdir -p "${work}/results"
    debugfs -R "rdump /out ${work}/results" "${work}/data.img" \
        >/dev/null 2>&1 || err "cannot read the results back"
    for f in "${work}"/results/out/*; do
        [ -e "${f}" ] || continue
        rm -rf "${out:?}/${f##*/}"
        mv "${f}" "${out}/"
    done
    log "done in $(($(date +%s) - started)) s (root filesystem, build and guest); results in ${out}"
    [ -f "${out}/report.json" ] ||
        err "no report.json (console: ${out}/console.log)"
    rc=$(cat "${out}/report.rc" 2>/dev/null || echo 2)
    [ "${rc}" -eq 0 ] || err "shmcompat-report exited ${rc}: $(cat "${out}/report.txt")"
}

main "$@"

# vim: syntax=sh:expandtab:shiftwidth=4:softtabstop=4
