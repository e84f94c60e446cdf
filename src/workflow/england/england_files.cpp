#include "england_files.hpp"

#include <cstdarg>

#include "midlink/core/error.hpp"

namespace midlink::workflow::england {

CsvFile::CsvFile(const std::string& path) : m_file(path) {
    m_out = std::fopen(m_file.path().c_str(), "wb");
    if (!m_out) throw OutputError("cannot write " + m_file.path());
    m_buf.reserve(1 << 20);
}

CsvFile::~CsvFile() {
    if (m_out) std::fclose(m_out);
}

void CsvFile::write(std::string_view text) {
    m_buf.append(text);
    if (m_buf.size() >= (1U << 20)) flush();
}

void CsvFile::writef(const char* format, ...) {
    char line[256];
    va_list args;
    va_start(args, format);
    const int n = std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof line) throw OutputError("line too long for " + m_file.final_path());
    write(std::string_view(line, static_cast<std::size_t>(n)));
}

void CsvFile::flush() {
    if (!m_buf.empty() && std::fwrite(m_buf.data(), 1, m_buf.size(), m_out) != m_buf.size()) {
        throw OutputError("write failed: " + m_file.path());
    }
    m_buf.clear();
}

void CsvFile::commit() {
    flush();
    const int rc = std::fclose(m_out);
    m_out = nullptr;
    if (rc != 0) throw OutputError("write failed: " + m_file.path());
    m_file.commit();
}

}  // namespace midlink::workflow::england
