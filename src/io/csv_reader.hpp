#pragma once
// A CSV file read one record at a time, for tables too large to hold as strings (GMNS at
// national scale: 7 M links). Same dialect and messages as CsvTable (csv_record.hpp);
// plain or xz. Damaged input throws when the reader reaches it, so a caller that lets
// the exception pass never keeps a table read in part.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "csv_record.hpp"
#include "text_input.hpp"

namespace midlink::io::detail {

class CsvReader {
public:
    /// Opens `path` and reads its header. Throws InputError when it cannot, or the file is
    /// empty. `chunk_bytes`: how much is read at a time (a record longer grows the buffer).
    explicit CsvReader(const std::string& path, std::size_t chunk_bytes = std::size_t{1} << 20);

    [[nodiscard]] const std::string& path() const { return m_path; }
    /// Column names, trimmed and lower case.
    [[nodiscard]] const std::vector<std::string>& header() const { return m_header; }
    /// Index of a column (case-insensitive); -1 when absent.
    [[nodiscard]] int column(std::string_view name) const;
    /// Like column(), but throws InputError naming the file when absent.
    [[nodiscard]] std::size_t require(std::string_view name) const;

    /// Moves to the next record; false at the end of the file. Throws InputError on a
    /// damaged record (see CsvTable).
    bool next();
    /// Field `column` of the current record, untrimmed; valid until the next call to next().
    [[nodiscard]] std::string_view field(std::size_t column) const { return m_record.fields[column]; }
    /// 1-based data row (the header is row 0) and the line where the record starts.
    [[nodiscard]] std::size_t row() const { return m_row; }
    [[nodiscard]] std::size_t line() const { return m_record.line; }
    /// "<path>, row R (line L)", and with ", column 'c'" the prefix of field-level errors.
    [[nodiscard]] std::string where() const;
    [[nodiscard]] std::string where(std::size_t column) const;

private:
    /// Parses the next record into m_record, reading more of the file as needed.
    bool parse_next();
    /// Keeps the unread bytes and appends more; false at the end of the file.
    bool refill();

    std::string m_path;
    ByteSource m_source;
    std::string m_buf;
    std::size_t m_end = 0;  // bytes of m_buf holding data
    bool m_eof = false;
    bool m_ends_with_break = false;  // the last byte read was a line break
    CsvCursor m_cursor;
    CsvFields m_record;
    std::vector<std::string> m_header;
    std::size_t m_row = 0;
};

}  // namespace midlink::io::detail
