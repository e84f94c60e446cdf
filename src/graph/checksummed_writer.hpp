#pragma once
// Private to the graph layer: the CRC-32 both binary files (.mlg, .ch) keep of everything
// after their magic, and the writer that feeds every byte it writes through it.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

namespace midlink::graph::detail {

// CRC-32 (zlib) over a byte range of any length; zlib takes at most 4 GiB per call.
inline std::uint32_t crc32_update(std::uint32_t crc, const char* data, std::uint64_t n) {
    auto c = static_cast<uLong>(crc);
    while (n > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::uint64_t>(n, 1u << 30));
        c = ::crc32(c, reinterpret_cast<const Bytef*>(data), chunk);
        data += chunk;
        n -= chunk;
    }
    return static_cast<std::uint32_t>(c);
}

class ChecksummedWriter {
public:
    explicit ChecksummedWriter(std::ofstream& out) : m_out(out) {}
    template <class T>
    void value(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        put(reinterpret_cast<const char*>(&v), sizeof(T));
    }
    void string(const std::string& s) {
        value<std::uint64_t>(s.size());
        put(s.data(), s.size());
    }
    template <class T>
    void array(const std::vector<T>& v) {
        value<std::uint64_t>(v.size());
        put(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    [[nodiscard]] std::uint32_t crc() const { return m_crc; }

private:
    void put(const char* data, std::uint64_t n) {
        m_out.write(data, static_cast<std::streamsize>(n));
        m_crc = crc32_update(m_crc, data, n);
    }
    std::ofstream& m_out;
    std::uint32_t m_crc = 0;
};

}  // namespace midlink::graph::detail
