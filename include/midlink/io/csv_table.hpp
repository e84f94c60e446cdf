#pragma once
// midlink's CSV dialect (RFC 4180), for link tables and every table of points: quoted
// fields may hold commas, doubled quotes and line breaks (WKT geometry does). Whole file
// in memory: such tables are small, and columns by name keep the readers simple. Files
// too large for that (GMNS node.csv and link.csv) are read record by record with the same
// parser (src/io/csv_reader.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace midlink::io {

struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t row = 0;   // 1-based data row (the header is row 0)
    std::size_t line = 0;  // 1-based line where the record starts
};

class CsvTable {
public:
    /// Parses `text`; `path` names the file in errors. Throws InputError on an
    /// unterminated quote, text after a closing quote, or a record whose field count
    /// differs from the header's.
    CsvTable(std::string_view text, std::string path);

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] const std::vector<std::string>& header() const { return m_header; }
    [[nodiscard]] const std::vector<CsvRecord>& records() const { return m_records; }

    /// Index of a column (header names compare case-insensitively); -1 when absent.
    [[nodiscard]] int column(std::string_view name) const;
    /// Like column(), but throws InputError naming the file when absent.
    [[nodiscard]] std::size_t require(std::string_view name) const;

    /// "<path>, row R (line L), column 'c'", the prefix of field-level errors.
    [[nodiscard]] std::string where(const CsvRecord& record, std::size_t column) const;

private:
    std::string m_path;
    std::vector<std::string> m_header;
    std::vector<CsvRecord> m_records;
};

/// Reads `path` (plain or xz) and parses it.
CsvTable read_csv_file(const std::string& path);

/// One CSV field, quoted when it holds a comma, quote or line break.
std::string csv_escape(std::string_view field);

}  // namespace midlink::io
