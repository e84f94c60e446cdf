#include "midlink/io/csv_table.hpp"

#include "midlink/core/error.hpp"
#include "text_input.hpp"

namespace midlink::io {
using detail::at_line;
using detail::read_text_file;
using detail::to_lower;
using detail::trim;

namespace {

/// Splits text into records (the header is record 0, so `row` is the data row); a record is
/// never empty (blank lines are skipped). Each record's fields are reserved at the previous
/// record's count, as growing by doubling leaves unused slots in every record (a quarter of
/// a 12-column table's).
std::vector<CsvRecord> split_records(std::string_view text, const std::string& path) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM from spreadsheets
    std::vector<CsvRecord> out;
    std::size_t i = 0;
    std::size_t line = 1;
    while (i < text.size()) {
        if (text[i] == '\n' || text[i] == '\r') {  // blank line
            if (text[i] == '\n') ++line;
            ++i;
            continue;
        }
        CsvRecord rec;
        rec.line = line;
        rec.row = out.size();
        if (!out.empty()) rec.fields.reserve(out.back().fields.size());
        std::string field;
        for (;;) {
            if (i < text.size() && text[i] == '"') {
                const std::size_t quote_line = line;
                ++i;
                for (;;) {
                    if (i == text.size()) {
                        const std::string record =
                            out.empty() ? "the header" : "row " + std::to_string(out.size());
                        throw InputError(at_line(path, quote_line, "unterminated quote in " + record));
                    }
                    const char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field += '"';
                            ++i;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') ++line;
                        field += c;
                    }
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    throw InputError(at_line(path, line, "unexpected text after a closing quote"));
                }
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    field += text[i++];
                }
            }
            rec.fields.push_back(std::move(field));
            field.clear();
            if (i < text.size() && text[i] == ',') {
                ++i;
                continue;
            }
            break;  // end of line or of text
        }
        if (i < text.size() && text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') {
            ++i;
            ++line;
        }
        out.push_back(std::move(rec));
    }
    return out;
}

}  // namespace

CsvTable::CsvTable(std::string_view text, std::string path) : m_path(std::move(path)) {
    m_records = split_records(text, m_path);
    if (m_records.empty()) throw InputError(m_path + ": empty file (no header line)");
    for (auto& name : m_records.front().fields) m_header.push_back(to_lower(trim(name)));
    m_records.erase(m_records.begin());  // the records in place: no second copy of a large table
    for (const auto& rec : m_records) {
        if (rec.fields.size() != m_header.size()) {
            throw InputError(at_line(m_path, rec.line,
                                     "row " + std::to_string(rec.row) + " has " + std::to_string(rec.fields.size()) +
                                         " fields, the header has " + std::to_string(m_header.size())));
        }
    }
    // A file cut just after a comma still has the header's field count; what gives it away
    // is an empty last field on a last line that never ended.
    const bool unterminated = !text.empty() && text.back() != '\n' && text.back() != '\r';
    if (unterminated && !m_records.empty() && m_header.size() > 1 &&
        trim(m_records.back().fields.back()).empty()) {
        throw InputError(at_line(m_path, m_records.back().line,
                                 "row " + std::to_string(m_records.back().row) + ": column '" +
                                     m_header.back() +
                                     "' is empty and the file ends without a line break: "
                                     "is the file truncated?"));
    }
}

int CsvTable::column(std::string_view name) const {
    const std::string wanted = to_lower(name);
    for (std::size_t c = 0; c < m_header.size(); ++c) {
        if (m_header[c] == wanted) return static_cast<int>(c);
    }
    return -1;
}

std::size_t CsvTable::require(std::string_view name) const {
    const int c = column(name);
    if (c < 0) {
        throw InputError(at_line(m_path, 1, "missing required column '" + std::string(name) + "'"));
    }
    return static_cast<std::size_t>(c);
}

std::string CsvTable::where(const CsvRecord& record, std::size_t column) const {
    return m_path + ", row " + std::to_string(record.row) + " (line " + std::to_string(record.line) +
           "), column '" + (column < m_header.size() ? m_header[column] : "?") + "'";
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
