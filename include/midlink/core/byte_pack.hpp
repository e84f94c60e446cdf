#pragma once
// Plain values and arrays packed into bytes and read back, for results that ranks of one
// job send each other (core/process_group.hpp). Same machine type on both ends: no
// byte-order or padding conversion, trivially copyable types only.
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace midlink {

class BytePacker {
public:
    template <class T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        m_bytes.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    template <class T>
    void put_array(std::span<const T> values) {
        static_assert(std::is_trivially_copyable_v<T>);
        put<std::uint64_t>(values.size());
        m_bytes.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
    }
    template <class T>
    void put_array(const std::vector<T>& values) {
        put_array(std::span<const T>(values));
    }
    void put_string(std::string_view s) {
        put<std::uint64_t>(s.size());
        m_bytes.append(s);
    }
    [[nodiscard]] std::string take() { return std::move(m_bytes); }

private:
    std::string m_bytes;
};

/// Reads what a BytePacker wrote, in the same order. A short or overlong message is a
/// programming error between ranks: std::runtime_error.
class ByteUnpacker {
public:
    explicit ByteUnpacker(std::string_view bytes) : m_bytes(bytes) {}
    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T value;
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    template <class T>
    std::vector<T> get_array() {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto n = get<std::uint64_t>();
        if (n > (m_bytes.size() - m_pos) / (sizeof(T) ? sizeof(T) : 1)) throw std::runtime_error("rank message: array past its end");
        std::vector<T> values(n);
        if (n > 0) std::memcpy(values.data(), take(n * sizeof(T)), n * sizeof(T));
        return values;
    }
    std::string get_string() {
        const auto n = get<std::uint64_t>();
        return std::string(take(n), n);
    }
    [[nodiscard]] bool done() const { return m_pos == m_bytes.size(); }

private:
    const char* take(std::size_t n) {
        if (n > m_bytes.size() - m_pos) throw std::runtime_error("rank message: read past its end");
        const char* p = m_bytes.data() + m_pos;
        m_pos += n;
        return p;
    }
    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

}  // namespace midlink
