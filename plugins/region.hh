// SPDX-License-Identifier: BSD-2-Clause
//
// Offset I/O for the C++ plugins whose library maps an object whole into
// this process: read and write copy bytes within its mapping.

#if !defined(SHMC_PLUGINS_REGION_HH)
#define SHMC_PLUGINS_REGION_HH

#include <cerrno>
#include <cstddef>
#include <cstring>

namespace shmc_region {

// Copies len bytes at off out of the size bytes at base; EINVAL (and
// nothing copied) when they reach beyond.
inline int
copy_out(const void *base, std::size_t size, std::size_t off, void *buf,
    std::size_t len)
{
    if (off > size || len > size - off)
        return EINVAL;
    std::memcpy(buf, static_cast<const char *>(base) + off, len);
    return 0;
}

// Copies len bytes from buf into the size bytes at base, at off.
inline int
copy_in(void *base, std::size_t size, std::size_t off, const void *buf,
    std::size_t len)
{
    if (off > size || len > size - off)
        return EINVAL;
    std::memcpy(static_cast<char *>(base) + off, buf, len);
    return 0;
}

}  // namespace shmc_region

#endif  // !defined(SHMC_PLUGINS_REGION_HH)
