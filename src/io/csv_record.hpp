#pragma once
// The one RFC 4180 record parser behind CsvTable (a whole text) and CsvReader (a file read
// in chunks): quoted fields may hold commas, doubled quotes and line breaks.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace midlink::io::detail {

/// Where parsing stands in the input: byte offset into the current text and 1-based line.
struct CsvCursor {
    std::size_t pos = 0;
    std::size_t line = 1;
};

enum class CsvParse {
    Record,    // one record parsed into the fields
    NeedMore,  // the text ends inside a record (or a blank line): nothing consumed
    End,       // no record left (`final` text only)
};

/// One parsed record; `fields` keeps its strings between records so that a file read record
/// by record allocates only when a field outgrows the last one.
struct CsvFields {
    std::vector<std::string> fields;
    std::size_t count = 0;  // fields used by this record
    std::size_t line = 0;   // 1-based line where the record starts
};

/// Parses the record at `cursor` in `text`, skipping blank lines first. `final` says `text`
/// runs to the end of the input; otherwise a record that reaches the end of `text` returns
/// NeedMore, as it may continue. `row` (the header is row 0) and `path` name it in errors.
/// Throws InputError on an unterminated quote or text after a closing quote.
CsvParse parse_csv_record(std::string_view text, bool final, CsvCursor& cursor, CsvFields& out,
                          std::size_t row, const std::string& path);

/// Throws InputError when a record's field count differs from the header's.
void check_field_count(const CsvFields& record, std::size_t row, std::size_t header_size, const std::string& path);

/// A file cut just after a comma still has the header's field count; what gives it away is
/// an empty last field on a last line that never ended. Throws InputError naming it.
void check_not_truncated(std::string_view last_field, std::size_t field_count, std::size_t line, std::size_t row,
                         const std::string& last_column, const std::string& path);

/// Index of column `name` in a lower-case header (compared case-insensitively); -1 when absent.
int find_column(const std::vector<std::string>& header, std::string_view name);
/// Like find_column(), but throws InputError naming the file when absent.
std::size_t require_column(const std::vector<std::string>& header, std::string_view name, const std::string& path);
/// "<path>, row R (line L)", and with a column ", column 'c'": the prefix of row-level errors.
std::string record_where(const std::string& path, std::size_t row, std::size_t line);
std::string record_where(const std::string& path, std::size_t row, std::size_t line,
                         const std::vector<std::string>& header, std::size_t column);

}  // namespace midlink::io::detail
