#include "midlink/io/csv_table.hpp"

#include "midlink/core/error.hpp"
#include "text_input.hpp"

namespace midlink::io {
using detail::at_line;
using detail::read_text_file;
using detail::to_lower;
using detail::trim;

namespace {

struct RawRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

/// Splits text into records; a record is never empty (blank lines are skipped).
std::vector<RawRecord> split_records(std::string_view text, const std::string& path) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM from spreadsheets
    std::vector<RawRecord> out;
    std::size_t i = 0;
    std::size_t line = 1;
    while (i < text.size()) {
        if (text[i] == '\n' || text[i] == '\r') {  // blank line
            if (text[i] == '\n') ++line;
            ++i;
            continue;
        }
        RawRecord rec;
        rec.line = line;
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
    auto raw = split_records(text, m_path);
    if (raw.empty()) throw InputError(m_path + ": empty file (no header line)");
    for (auto& name : raw.front().fields) m_header.push_back(to_lower(trim(name)));
    m_records.reserve(raw.size() - 1);
    for (std::size_t r = 1; r < raw.size(); ++r) {
        if (raw[r].fields.size() != m_header.size()) {
            throw InputError(at_line(m_path, raw[r].line,
                                     "row " + std::to_string(r) + " has " +
                                         std::to_string(raw[r].fields.size()) + " fields, the header has " +
                                         std::to_string(m_header.size())));
        }
        m_records.push_back({std::move(raw[r].fields), r, raw[r].line});
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
