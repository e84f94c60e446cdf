#include "csv_reader.hpp"

#include <algorithm>
#include <cstring>

#include "midlink/core/error.hpp"

namespace midlink::io::detail {
CsvReader::CsvReader(const std::string& path, std::size_t chunk_bytes)
    : m_path(path), m_source(path), m_buf(std::max<std::size_t>(chunk_bytes, 3), '\0') {
    refill();
    if (std::string_view(m_buf.data(), m_end).substr(0, 3) == "\xEF\xBB\xBF") m_cursor.pos = 3;  // spreadsheets' BOM
    if (!parse_next()) throw InputError(m_path + ": empty file (no header line)");
    for (std::size_t c = 0; c < m_record.count; ++c) m_header.push_back(to_lower(trim(m_record.fields[c])));
}

bool CsvReader::refill() {
    if (m_eof) return false;
    const std::size_t kept = m_end - m_cursor.pos;
    std::memmove(m_buf.data(), m_buf.data() + m_cursor.pos, kept);
    m_cursor.pos = 0;
    m_end = kept;
    if (m_end == m_buf.size()) m_buf.resize(m_buf.size() * 2);  // a record longer than the buffer
    while (m_end < m_buf.size()) {
        const std::size_t got = m_source.read(m_buf.data() + m_end, m_buf.size() - m_end);
        if (got == 0) {
            m_eof = true;
            break;
        }
        m_end += got;
        m_ends_with_break = m_buf[m_end - 1] == '\n' || m_buf[m_end - 1] == '\r';
    }
    return true;
}

bool CsvReader::parse_next() {
    for (;;) {
        const std::string_view text(m_buf.data(), m_end);
        switch (parse_csv_record(text, m_eof, m_cursor, m_record, m_row, m_path)) {
            case CsvParse::Record: return true;
            case CsvParse::End: return false;
            case CsvParse::NeedMore: refill(); break;
        }
    }
}

bool CsvReader::next() {
    ++m_row;
    if (!parse_next()) return false;
    check_field_count(m_record, m_row, m_header.size(), m_path);
    if (m_eof && m_cursor.pos == m_end && !m_ends_with_break) {  // the last record, on an unended line
        check_not_truncated(m_record.fields[m_record.count - 1], m_record.count, m_record.line, m_row,
                            m_header.back(), m_path);
    }
    return true;
}

int CsvReader::column(std::string_view name) const { return find_column(m_header, name); }

std::size_t CsvReader::require(std::string_view name) const { return require_column(m_header, name, m_path); }

std::string CsvReader::where() const { return record_where(m_path, m_row, m_record.line); }

std::string CsvReader::where(std::size_t column) const {
    return record_where(m_path, m_row, m_record.line, m_header, column);
}

}  // namespace midlink::io::detail
