#include "csv_record.hpp"

#include "midlink/core/error.hpp"
#include "text_input.hpp"

namespace midlink::io::detail {
namespace {

bool ends_field(char c) { return c == ',' || c == '\n' || c == '\r'; }

std::string& next_field(CsvFields& out) {
    if (out.count == out.fields.size()) out.fields.emplace_back();
    std::string& field = out.fields[out.count++];
    field.clear();
    return field;
}

}  // namespace

CsvParse parse_csv_record(std::string_view text, bool final, CsvCursor& cursor, CsvFields& out,
                          std::size_t row, const std::string& path) {
    std::size_t i = cursor.pos;
    std::size_t line = cursor.line;
    const std::size_t n = text.size();
    while (i < n && (text[i] == '\n' || text[i] == '\r')) {  // blank lines
        if (text[i] == '\n') ++line;
        ++i;
    }
    if (i == n) {
        if (!final) return CsvParse::NeedMore;
        cursor = {i, line};
        return CsvParse::End;
    }
    out.count = 0;
    out.line = line;
    for (;;) {
        std::string& field = next_field(out);
        if (i < n && text[i] == '"') {
            const std::size_t quote_line = line;
            ++i;
            for (;;) {
                if (i == n) {
                    if (!final) return CsvParse::NeedMore;
                    const std::string record = row == 0 ? "the header" : "row " + std::to_string(row);
                    throw InputError(at_line(path, quote_line, "unterminated quote in " + record));
                }
                const char c = text[i++];
                if (c == '"') {
                    if (i == n && !final) return CsvParse::NeedMore;  // a doubled quote may follow
                    if (i < n && text[i] == '"') {
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
            if (i < n && !ends_field(text[i])) {
                throw InputError(at_line(path, line, "unexpected text after a closing quote"));
            }
        } else {
            const std::size_t start = i;
            while (i < n && !ends_field(text[i])) ++i;
            field.assign(text.substr(start, i - start));
        }
        if (i == n && !final) return CsvParse::NeedMore;  // the field may go on
        if (i < n && text[i] == ',') {
            ++i;
            continue;
        }
        break;  // end of line or of text
    }
    if (i < n && text[i] == '\r') {
        ++i;
        if (i == n && !final) return CsvParse::NeedMore;  // "\r\n" split between chunks
    }
    if (i < n && text[i] == '\n') {
        ++i;
        ++line;
    }
    cursor = {i, line};
    return CsvParse::Record;
}

void check_field_count(const CsvFields& record, std::size_t row, std::size_t header_size, const std::string& path) {
    if (record.count != header_size) {
        throw InputError(at_line(path, record.line,
                                 "row " + std::to_string(row) + " has " + std::to_string(record.count) +
                                     " fields, the header has " + std::to_string(header_size)));
    }
}

void check_not_truncated(std::string_view last_field, std::size_t field_count, std::size_t line, std::size_t row,
                         const std::string& last_column, const std::string& path) {
    if (field_count > 1 && trim(last_field).empty()) {
        throw InputError(at_line(path, line,
                                 "row " + std::to_string(row) + ": column '" + last_column +
                                     "' is empty and the file ends without a line break: "
                                     "is the file truncated?"));
    }
}

int find_column(const std::vector<std::string>& header, std::string_view name) {
    const std::string wanted = to_lower(name);
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (header[c] == wanted) return static_cast<int>(c);
    }
    return -1;
}

std::size_t require_column(const std::vector<std::string>& header, std::string_view name, const std::string& path) {
    const int c = find_column(header, name);
    if (c < 0) throw InputError(at_line(path, 1, "missing required column '" + std::string(name) + "'"));
    return static_cast<std::size_t>(c);
}

std::string record_where(const std::string& path, std::size_t row, std::size_t line) {
    return path + ", row " + std::to_string(row) + " (line " + std::to_string(line) + ")";
}

std::string record_where(const std::string& path, std::size_t row, std::size_t line,
                         const std::vector<std::string>& header, std::size_t column) {
    return record_where(path, row, line) + ", column '" + (column < header.size() ? header[column] : "?") + "'";
}

}  // namespace midlink::io::detail
