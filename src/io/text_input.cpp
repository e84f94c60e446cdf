#include "text_input.hpp"

#include <lzma.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "midlink/core/error.hpp"

namespace midlink::io::detail {

namespace {
constexpr std::array<unsigned char, 6> kXzMagic = {0xFD, '7', 'z', 'X', 'Z', 0x00};
constexpr std::size_t kInitialLineBuffer = std::size_t{1} << 20;
// `xz -9e` needs 65 MiB to decompress; a damaged header can ask liblzma for 4 GiB
// (found by fuzz_dimacs), so refuse anything past this.
constexpr std::uint64_t kXzMemoryLimit = std::uint64_t{512} << 20;

std::string lzma_reason(lzma_ret r) {
    switch (r) {
        case LZMA_MEM_ERROR: return "out of memory";
        case LZMA_MEMLIMIT_ERROR: return "needs more than 512 MiB of memory: damaged header?";
        case LZMA_FORMAT_ERROR: return "not an xz stream";
        case LZMA_OPTIONS_ERROR: return "unsupported xz options";
        case LZMA_DATA_ERROR: return "corrupt data";
        case LZMA_BUF_ERROR: return "truncated data";
        default: return "liblzma error " + std::to_string(static_cast<int>(r));
    }
}
}  // namespace

struct ByteSource::Xz {
    lzma_stream strm = LZMA_STREAM_INIT;
    std::vector<std::uint8_t> in = std::vector<std::uint8_t>(std::size_t{1} << 16);
    bool in_eof = false;
    bool done = false;
    ~Xz() { lzma_end(&strm); }
};

ByteSource::ByteSource(const std::string& path) : m_path(path) {
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file) throw InputError("cannot open " + path + ": " + std::strerror(errno));
    std::array<unsigned char, kXzMagic.size()> head{};
    const std::size_t got = std::fread(head.data(), 1, head.size(), m_file);
    std::rewind(m_file);
    if (got == head.size() && head == kXzMagic) {
        m_xz = std::make_unique<Xz>();
        const lzma_ret r = lzma_stream_decoder(&m_xz->strm, kXzMemoryLimit, LZMA_CONCATENATED);
        if (r != LZMA_OK) {
            std::fclose(m_file);
            throw InputError(path + ": cannot start xz decoder (" + lzma_reason(r) + ")");
        }
    }
}

ByteSource::~ByteSource() {
    if (m_file) std::fclose(m_file);
}

std::size_t ByteSource::read(char* dst, std::size_t n) {
    if (!m_xz) {
        const std::size_t got = std::fread(dst, 1, n, m_file);
        if (got < n && std::ferror(m_file)) throw InputError("cannot read " + m_path);
        return got;
    }
    Xz& xz = *m_xz;
    if (xz.done) return 0;
    xz.strm.next_out = reinterpret_cast<std::uint8_t*>(dst);
    xz.strm.avail_out = n;
    while (xz.strm.avail_out > 0) {
        if (xz.strm.avail_in == 0 && !xz.in_eof) {
            const std::size_t got = std::fread(xz.in.data(), 1, xz.in.size(), m_file);
            if (got < xz.in.size() && std::ferror(m_file)) throw InputError("cannot read " + m_path);
            xz.in_eof = got == 0;
            xz.strm.next_in = xz.in.data();
            xz.strm.avail_in = got;
        }
        const lzma_ret r = lzma_code(&xz.strm, xz.in_eof ? LZMA_FINISH : LZMA_RUN);
        if (r == LZMA_STREAM_END) {
            xz.done = true;
            break;
        }
        if (r != LZMA_OK) throw InputError(m_path + ": cannot decompress xz (" + lzma_reason(r) + ")");
    }
    return n - xz.strm.avail_out;
}

LineReader::LineReader(const std::string& path)
    : m_path(path), m_source(path), m_buf(kInitialLineBuffer) {}

bool LineReader::refill() {
    if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_buf.size()) m_buf.resize(m_buf.size() * 2);  // a line longer than the buffer
    const std::size_t got = m_source.read(m_buf.data() + m_end, m_buf.size() - m_end);
    m_end += got;
    m_eof = got == 0;
    return got > 0;
}

bool LineReader::next(std::string_view& line) {
    for (;;) {
        const char* start = m_buf.data() + m_begin;
        const std::size_t avail = m_end - m_begin;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
        std::size_t len = 0;
        if (nl) {
            len = static_cast<std::size_t>(nl - start);
            m_begin += len + 1;
        } else if (m_eof) {
            if (avail == 0) return false;
            len = avail;  // last line without a newline
            m_begin = m_end;
        } else {
            refill();
            continue;
        }
        if (len > 0 && start[len - 1] == '\r') --len;
        line = std::string_view(start, len);
        ++m_line_number;
        return true;
    }
}

std::size_t count_line_breaks(const std::string& path) {
    ByteSource source(path);
    std::vector<char> buf(kInitialLineBuffer);
    std::size_t count = 0;
    while (const std::size_t got = source.read(buf.data(), buf.size())) {
        count += static_cast<std::size_t>(std::count(buf.data(), buf.data() + got, '\n'));
    }
    return count;
}

std::string read_text_file(const std::string& path) {
    ByteSource source(path);
    std::string text;
    std::size_t used = 0;
    text.resize(std::size_t{1} << 16);
    for (;;) {
        if (used == text.size()) text.resize(text.size() * 2);
        const std::size_t got = source.read(text.data() + used, text.size() - used);
        if (got == 0) break;
        used += got;
    }
    text.resize(used);
    return text;
}

std::string at_line(const std::string& path, std::size_t line, const std::string& message) {
    return path + ", line " + std::to_string(line) + ": " + message;
}

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

bool parse_int64(std::string_view s, std::int64_t& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace midlink::io::detail
