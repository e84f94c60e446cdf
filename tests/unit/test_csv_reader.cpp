// CsvReader (a file one record at a time) against CsvTable (a whole text): the same
// parser, so the same records and the same errors, wherever the chunks happen to end.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "csv_reader.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/csv_table.hpp"

using namespace midlink;

namespace {

/// A file in the test's temporary folder, rewritten by each write().
struct ScratchFile {
    std::string path;
    explicit ScratchFile(const std::string& name) : path(::testing::TempDir() + "midlink_csv_" + name) {}
    std::string write(const std::string& text) const {
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
};

struct Parsed {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> lines;
    std::string error;  // the InputError's message, empty when none
};

Parsed with_table(const std::string& text, const std::string& path) {
    Parsed p;
    try {
        const io::CsvTable t(text, path);
        p.header = t.header();
        for (const auto& r : t.records()) {
            p.rows.push_back(r.fields);
            p.lines.push_back(r.line);
        }
    } catch (const InputError& e) {
        p.error = e.what();
    }
    return p;
}

Parsed with_reader(const std::string& path, std::size_t chunk_bytes) {
    Parsed p;
    try {
        io::detail::CsvReader csv(path, chunk_bytes);
        p.header = csv.header();
        while (csv.next()) {
            std::vector<std::string> fields;
            for (std::size_t c = 0; c < csv.header().size(); ++c) fields.emplace_back(csv.field(c));
            p.rows.push_back(fields);
            p.lines.push_back(csv.line());
            EXPECT_EQ(csv.row(), p.rows.size());
        }
    } catch (const InputError& e) {
        p.error = e.what();
    }
    return p;
}

/// Rows of (mostly) three fields drawn from every case: quoted fields with commas,
/// doubled quotes and line breaks, CRLF and lone CR, blank lines, short and long rows,
/// a stray or unterminated quote, text after a closing quote, no final line break, a BOM.
std::string random_csv(std::mt19937& rng) {
    const char* fields[] = {"a", "1.5", "", " x ", "\"x,y\"", "\"\"", "\"a\"\"b\"", "\"two\nlines\"", "\"\r\n\""};
    const char* damage[] = {"\"", "\"x\"y", "a\"b\""};
    const char* breaks[] = {"\n", "\r\n", "\n\n", "\r"};
    const auto pick = [&rng](const auto& from) { return from[rng() % std::size(from)]; };
    std::string text = rng() % 8 == 0 ? "\xEF\xBB\xBF" : "";
    text += "h1,h2,h3\n";
    for (int row = 0, rows = static_cast<int>(rng() % 6); row < rows; ++row) {
        const int count = rng() % 12 == 0 ? 2 + static_cast<int>(rng() % 3) : 3;
        for (int f = 0; f < count; ++f) {
            if (f > 0) text += ',';
            text += rng() % 40 == 0 ? pick(damage) : pick(fields);
        }
        if (row + 1 < rows || rng() % 4 != 0) text += pick(breaks);
    }
    return text;
}

/// Well-formed rows of three fields, some quoted over several lines.
std::string regular_csv(std::mt19937& rng, int rows) {
    std::string text = "id,name,x\r\n";
    for (int i = 1; i <= rows; ++i) {
        text += std::to_string(i) + ",";
        switch (rng() % 4) {
            case 0: text += "\"quoted, with \"\"quotes\"\"\nand a break\""; break;
            case 1: text += std::string(rng() % 50, 'n'); break;
            default: text += "plain"; break;
        }
        text += ',';
        text += std::to_string(rng() % 1000);
        text += rng() % 3 == 0 ? "\r\n" : "\n";
        if (rng() % 10 == 0) text += "\n";
    }
    return text;
}

std::uint32_t seed() {
    const char* s = std::getenv("MIDLINK_TEST_SEED");
    return s ? static_cast<std::uint32_t>(std::strtoul(s, nullptr, 10)) : 20261207u;
}

}  // namespace

TEST(CsvReader, AgreesWithCsvTableOnRandomTextAtEveryChunkSize) {
    std::mt19937 rng(seed());
    const ScratchFile file("random.csv");
    int with_error = 0;
    for (int round = 0; round < 400; ++round) {
        const std::string text = random_csv(rng);
        const std::string path = file.write(text);
        const Parsed expected = with_table(text, path);
        with_error += expected.error.empty() ? 0 : 1;
        for (const std::size_t chunk : {1u, 2u, 3u, 5u, 16u, 4096u}) {
            const Parsed got = with_reader(path, chunk);
            SCOPED_TRACE("seed " + std::to_string(seed()) + ", round " + std::to_string(round) + ", chunk " +
                         std::to_string(chunk) + ", text:\n" + text);
            EXPECT_EQ(got.error, expected.error);
            if (!expected.error.empty()) continue;  // the reader read the rows before it
            EXPECT_EQ(got.header, expected.header);
            EXPECT_EQ(got.rows, expected.rows);
            EXPECT_EQ(got.lines, expected.lines);
        }
    }
    // Both outcomes must have been tried, or the test proves little.
    EXPECT_GT(with_error, 20);
    EXPECT_LT(with_error, 380);
}

TEST(CsvReader, ReadsLongRegularFilesAcrossChunks) {
    std::mt19937 rng(seed());
    const ScratchFile file("regular.csv");
    const std::string text = regular_csv(rng, 3000);
    const std::string path = file.write(text);
    const Parsed expected = with_table(text, path);
    ASSERT_TRUE(expected.error.empty()) << expected.error;
    ASSERT_EQ(expected.rows.size(), 3000u);
    for (const std::size_t chunk : {std::size_t{7}, std::size_t{64}, std::size_t{1000}, std::size_t{1} << 20}) {
        const Parsed got = with_reader(path, chunk);
        EXPECT_TRUE(got.error.empty()) << got.error;
        EXPECT_EQ(got.rows, expected.rows) << chunk;
        EXPECT_EQ(got.lines, expected.lines) << chunk;
    }
}

TEST(CsvReader, RecordLongerThanTheBufferGrowsIt) {
    const ScratchFile file("long.csv");
    const std::string big(3 << 20, 'x');
    const std::string path = file.write("a,b\n1,\"" + big + "\n" + big + "\"\n2,z\n");
    io::detail::CsvReader csv(path, 1024);
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.field(1).size(), 2 * big.size() + 1);
    ASSERT_TRUE(csv.next());
    EXPECT_EQ(csv.field(1), "z");
    EXPECT_EQ(csv.line(), 4u);
    EXPECT_FALSE(csv.next());
}

TEST(CsvReader, ErrorsNameFileRowAndLine) {
    const ScratchFile file("errors.csv");
    std::string text = "a,b,c\n";
    for (int i = 1; i <= 500; ++i) text += std::to_string(i) + ",x,y\n";
    const auto first_error = [&](const std::string& broken) {
        const std::string path = file.write(broken);
        try {
            io::detail::CsvReader csv(path, 64);
            while (csv.next()) {
            }
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // A short row in the middle: refused where it is, nothing read past it.
    std::string short_row = text + "501,x\n" + text.substr(6);
    EXPECT_EQ(first_error(short_row),
              file.write(short_row) + ", line 502: row 501 has 2 fields, the header has 3");
    const std::string unterminated = text + "501,\"x,y\n502,x,y\n";
    EXPECT_EQ(first_error(unterminated), file.write(unterminated) + ", line 502: unterminated quote in row 501");
    const std::string after_quote = text + "501,\"x\"y,z\n";
    EXPECT_EQ(first_error(after_quote), file.write(after_quote) + ", line 502: unexpected text after a closing quote");
    const std::string truncated = text + "501,x,";
    EXPECT_NE(first_error(truncated).find("line 502: row 501: column 'c' is empty and the file ends without a line "
                                          "break: is the file truncated?"),
              std::string::npos);
    EXPECT_EQ(first_error(""), file.write("") + ": empty file (no header line)");
}
