#pragma once
// Line-oriented text input shared by the link-table readers. Files compressed with xz
// (recognised by their magic bytes, not their name) are decoded while streaming, so a
// 50 MB DIMACS graph never exists on disk or in memory as a whole.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace midlink::io::detail {

/// Bytes of a file, plain or xz. Throws InputError on open/read/decode failure.
class ByteSource {
public:
    explicit ByteSource(const std::string& path);
    ~ByteSource();
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    /// Fills up to `n` bytes; returns 0 only at the end of the data.
    std::size_t read(char* dst, std::size_t n);

private:
    struct Xz;
    std::string m_path;
    std::FILE* m_file = nullptr;
    std::unique_ptr<Xz> m_xz;  // null for plain files
};

/// Splits a ByteSource into lines without their "\n" or "\r\n".
class LineReader {
public:
    explicit LineReader(const std::string& path);

    /// The next line, valid until the following call; false at the end of the file.
    bool next(std::string_view& line);
    /// 1-based number of the line last returned.
    [[nodiscard]] std::size_t line_number() const { return m_line_number; }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    bool refill();

    std::string m_path;
    ByteSource m_source;
    std::vector<char> m_buf;
    std::size_t m_begin = 0;  // first unread byte
    std::size_t m_end = 0;    // one past the last buffered byte
    bool m_eof = false;
    std::size_t m_line_number = 0;
};

/// Line breaks ("\n") in the file (plain or xz): an upper bound on its CSV records, to
/// reserve columns once rather than grow them by doubling.
std::size_t count_line_breaks(const std::string& path);

/// The whole file (plain or xz) as one string.
std::string read_text_file(const std::string& path);

/// "<path>, line <n>: <message>", the shape of every row-level InputError here.
std::string at_line(const std::string& path, std::size_t line, const std::string& message);

/// Leading/trailing blanks (space, tab, CR) removed.
std::string_view trim(std::string_view s);
/// ASCII lower case.
std::string to_lower(std::string_view s);
/// Whole-field number parses; false for empty text, trailing junk or non-finite values.
bool parse_double(std::string_view s, double& out);
bool parse_int64(std::string_view s, std::int64_t& out);

}  // namespace midlink::io::detail
