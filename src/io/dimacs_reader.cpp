// DIMACS 9 shortest-path graphs: `c` comments, one `p sp N M` line, `a u v w` arcs.
// The USA graphs run to millions of arcs, so lines are parsed by hand over the read
// buffer: no iostreams and no allocation per token.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

using detail::at_line;

// Caps the up-front reservation so a corrupt header cannot demand gigabytes: 100 million
// arcs were 20 GB for a 24-byte file (found by fuzz_dimacs). Past the cap the vector grows
// by doubling, which costs little next to parsing the lines.
constexpr std::uint64_t kMaxReservedArcs = std::uint64_t{1} << 16;
// Edge weights are 32-bit with the top value meaning "unreachable": a larger weight would
// be clamped by the builder and every route through it silently wrong.
constexpr std::int64_t kMaxArcWeight = std::int64_t{UINT32_MAX} - 1;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Reads a decimal integer (optional '-') after blanks; false when none is there.
bool next_integer(const char*& p, const char* end, std::int64_t& value) {
    while (p < end && is_blank(*p)) ++p;
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    if (p == end || *p < '0' || *p > '9') return false;
    std::int64_t v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (v > (INT64_MAX - 9) / 10) return false;  // overflow: treat as malformed
        v = v * 10 + (*p - '0');
        ++p;
    }
    if (p < end && !is_blank(*p)) return false;  // "12x"
    value = negative ? -v : v;
    return true;
}

bool only_blanks(const char* p, const char* end) {
    while (p < end && is_blank(*p)) ++p;
    return p == end;
}

struct Header {
    std::int64_t nodes = 0;
    std::int64_t arcs = 0;
    std::size_t line = 0;  // 0: not seen yet
};

Header parse_problem_line(std::string_view line, const detail::LineReader& in) {
    const char* p = line.data() + 1;  // past 'p'
    const char* end = line.data() + line.size();
    while (p < end && is_blank(*p)) ++p;
    const char* kind = p;
    while (p < end && !is_blank(*p)) ++p;
    const std::string_view problem(kind, static_cast<std::size_t>(p - kind));
    if (problem != "sp") {
        throw InputError(at_line(in.path(), in.line_number(),
                                 "expected a 'p sp <nodes> <arcs>' line, found 'p " +
                                     std::string(problem) + "' (only shortest-path graphs are read)"));
    }
    Header h;
    if (!next_integer(p, end, h.nodes) || !next_integer(p, end, h.arcs) || !only_blanks(p, end) ||
        h.nodes < 0 || h.arcs < 0) {
        throw InputError(at_line(in.path(), in.line_number(),
                                 "malformed problem line '" + std::string(line) + "'"));
    }
    h.line = in.line_number();
    return h;
}

}  // namespace

LinkTable read_dimacs(const std::string& path, const ReadOptions&) {
    detail::LineReader in(path);
    LinkTable table;
    table.source = path;
    table.crs = "";  // abstract graph: no coordinates
    Header header;
    std::int64_t found = 0;
    std::string_view line;
    while (in.next(line)) {
        std::size_t i = 0;
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) continue;
        const char tag = line[i];
        line.remove_prefix(i);
        if (tag == 'c') continue;
        if (tag == 'p') {
            if (header.line != 0) {
                throw InputError(at_line(path, in.line_number(),
                                         "second 'p' line (the first is on line " +
                                             std::to_string(header.line) + ")"));
            }
            header = parse_problem_line(line, in);
            table.links.reserve(static_cast<std::size_t>(
                std::min<std::uint64_t>(static_cast<std::uint64_t>(header.arcs), kMaxReservedArcs)));
            continue;
        }
        if (tag != 'a') {
            throw InputError(at_line(path, in.line_number(),
                                     "unexpected line '" + std::string(line.substr(0, 40)) +
                                         "' (expected c, p or a)"));
        }
        if (header.line == 0) {
            throw InputError(at_line(path, in.line_number(), "arc before the 'p sp' line"));
        }
        const char* p = line.data() + 1;
        const char* end = line.data() + line.size();
        std::int64_t u = 0;
        std::int64_t v = 0;
        std::int64_t w = 0;
        if (!next_integer(p, end, u) || !next_integer(p, end, v) || !next_integer(p, end, w) ||
            !only_blanks(p, end)) {
            throw InputError(at_line(path, in.line_number(),
                                     "malformed arc '" + std::string(line.substr(0, 60)) +
                                         "' (expected 'a <from> <to> <weight>')"));
        }
        if (u < 1 || u > header.nodes || v < 1 || v > header.nodes) {
            throw InputError(at_line(path, in.line_number(),
                                     "node id out of range 1.." + std::to_string(header.nodes) +
                                         " in arc " + std::to_string(u) + " -> " + std::to_string(v)));
        }
        if (w < 0) {
            throw InputError(at_line(path, in.line_number(), "negative arc weight " + std::to_string(w)));
        }
        if (w > kMaxArcWeight) {
            throw InputError(at_line(path, in.line_number(),
                                     "arc weight " + std::to_string(w) + " exceeds " +
                                         std::to_string(kMaxArcWeight) +
                                         ", the largest edge weight a graph holds"));
        }
        ++found;
        Link& link = table.links.emplace_back();
        link.from = u;
        link.to = v;
        link.oneway = Oneway::Forward;
        // Weights are abstract units; the builder uses them as given for time and length.
        link.free_flow_time_s = static_cast<double>(w);
        link.length_m = static_cast<double>(w);
        link.source_id = found;
    }
    if (header.line == 0) throw InputError(path + ": no 'p sp <nodes> <arcs>' line: not a DIMACS graph");
    if (found != header.arcs) {
        throw InputError(path + ": the 'p' line (line " + std::to_string(header.line) + ") declares " +
                         std::to_string(header.arcs) + " arcs, found " + std::to_string(found));
    }
    return table;
}

}  // namespace midlink::io
