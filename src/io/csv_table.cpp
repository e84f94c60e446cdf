#include "midlink/io/csv_table.hpp"

#include "midlink/core/error.hpp"
#include "csv_record.hpp"
#include "text_input.hpp"

namespace midlink::io {
using detail::at_line;
using detail::read_text_file;
using detail::to_lower;
using detail::trim;

CsvTable::CsvTable(std::string_view text, std::string path) : m_path(std::move(path)) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM from spreadsheets
    detail::CsvCursor cursor;
    detail::CsvFields record;
    if (detail::parse_csv_record(text, true, cursor, record, 0, m_path) == detail::CsvParse::End) {
        throw InputError(m_path + ": empty file (no header line)");
    }
    for (std::size_t c = 0; c < record.count; ++c) m_header.push_back(to_lower(trim(record.fields[c])));
    while (detail::parse_csv_record(text, true, cursor, record, m_records.size() + 1, m_path) ==
           detail::CsvParse::Record) {
        const std::size_t row = m_records.size() + 1;
        detail::check_field_count(record, row, m_header.size(), m_path);
        // Reserved at the exact count: growing by doubling leaves unused slots in every
        // record (a quarter of a 12-column table's).
        CsvRecord& rec = m_records.emplace_back();
        rec.row = row;
        rec.line = record.line;
        rec.fields.reserve(record.count);
        for (std::size_t c = 0; c < record.count; ++c) rec.fields.push_back(std::move(record.fields[c]));
    }
    const bool unterminated = !text.empty() && text.back() != '\n' && text.back() != '\r';
    if (unterminated && !m_records.empty()) {
        const CsvRecord& last = m_records.back();
        detail::check_not_truncated(last.fields.back(), last.fields.size(), last.line, last.row, m_header.back(),
                                    m_path);
    }
}

int CsvTable::column(std::string_view name) const { return detail::find_column(m_header, name); }

std::size_t CsvTable::require(std::string_view name) const { return detail::require_column(m_header, name, m_path); }

std::string CsvTable::where(const CsvRecord& record, std::size_t column) const {
    return detail::record_where(m_path, record.row, record.line, m_header, column);
}

CsvTable read_csv_file(const std::string& path) { return CsvTable(read_text_file(path), path); }

std::string csv_escape(std::string_view field) {
    if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace midlink::io
