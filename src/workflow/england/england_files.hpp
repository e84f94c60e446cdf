#pragma once
// Writing the generator's CSV files: buffered, under a temporary name, renamed when
// complete (private to workflow).
#include <cstdio>
#include <string>
#include <string_view>

#include "midlink/core/atomic_file.hpp"

namespace midlink::workflow::england {

class CsvFile {
public:
    explicit CsvFile(const std::string& path);
    ~CsvFile();
    CsvFile(const CsvFile&) = delete;
    CsvFile& operator=(const CsvFile&) = delete;

    /// Appends text (a whole line, newline included, or a part of one).
    void write(std::string_view text);
    /// printf-style append of one line's fields.
    void writef(const char* format, ...) __attribute__((format(printf, 2, 3)));
    /// Flushes, closes and renames onto the final name; throws OutputError.
    void commit();

private:
    void flush();
    AtomicFile m_file;
    std::FILE* m_out = nullptr;
    std::string m_buf;
};

}  // namespace midlink::workflow::england
