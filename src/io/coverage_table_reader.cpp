// Ofcom Connected Nations fixed-coverage tables. Ofcom renamed and added columns between
// releases (2016 keys by "laua_code", 2017 has "FTTP availability", 2018 adds premises
// counts and below-USO, 2021 adds gigabit and 100 Mbit/s ultrafast), so every header a
// release has used is listed here and mapped to a neutral tier. Headers compare without
// case or blanks ("Number of connections < 2 Mbit/s  (number of lines)" has two spaces).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "midlink/io/csv_table.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

std::string squeeze(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

struct TierHeaders {
    CoverageTier tier;
    std::vector<const char*> share;  // as published
    std::vector<const char*> count;
};

// Every published spelling, 2016-2021 (LA, OA and postcode files share them).
const std::vector<TierHeaders>& tier_headers() {
    static const std::vector<TierHeaders> kHeaders = {
        {CoverageTier::Superfast,
         {"SFBB availability (% premises)"},
         {"Number of premises with SFBB availability"}},
        {CoverageTier::Ultrafast300,
         {"UFBB availability (% premises)"},
         {"Number of premises with UFBB availability"}},
        {CoverageTier::Ultrafast100,
         {"UFBB (100Mbit/s) availability (% premises)"},
         {"Number of premises with UFBB (100Mbit/s) availability"}},
        {CoverageTier::FullFibre,
         {"Full Fibre availability (% premises)", "FTTP availability (% premises)"},
         {"Number of premises with Full Fibre availability",
          "Number of premises with FTTP availability"}},
        {CoverageTier::Gigabit,
         {"Gigabit availability (% premises)"},
         {"Number of premises with Gigabit availability"}},
        {CoverageTier::Nga,
         {"NGA availability (% premises)", "% of premises with NGA"},
         {"Number of premises with NGA"}},
        {CoverageTier::BelowUso,
         {"% of premises below the USO"},
         {"Number of premises below the USO"}},
        {CoverageTier::Unable2,
         {"% of premises unable to receive 2Mbit/s"},
         {"Number of premises unable to receive 2Mbit/s"}},
        {CoverageTier::Unable5,
         {"% of premises unable to receive 5Mbit/s"},
         {"Number of premises unable to receive 5Mbit/s"}},
        {CoverageTier::Unable10,
         {"% of premises unable to receive 10Mbit/s"},
         {"Number of premises unable to receive 10Mbit/s"}},
        {CoverageTier::Unable30,
         {"% of premises unable to receive 30Mbit/s"},
         {"Number of premises unable to receive 30Mbit/s"}},
        {CoverageTier::FwaDecent,
         {"% of premises able to receive decent broadband from FWA"},
         {"Number of premises able to receive decent broadband from FWA"}},
        {CoverageTier::FwaSuperfast,
         {"% of premises able to receive SFBB from FWA"},
         {"Number of premises able to receive SFBB from FWA"}},
        {CoverageTier::Band0to2,
         {"% of premises with 0<2Mbit/s download speed"},
         {"Number of premises with 0<2Mbit/s download speed"}},
        {CoverageTier::Band2to5,
         {"% of premises with 2<5Mbit/s download speed"},
         {"Number of premises with 2<5Mbit/s download speed"}},
        {CoverageTier::Band5to10,
         {"% of premises with 5<10Mbit/s download speed"},
         {"Number of premises with 5<10Mbit/s download speed"}},
        {CoverageTier::Band10to30,
         {"% of premises with 10<30Mbit/s download speed"},
         {"Number of premises with 10<30Mbit/s download speed"}},
        {CoverageTier::Band30to300,
         {"% of premises with 30<300Mbit/s download speed"},
         {"Number of premises with 30<300Mbit/s download speed"}},
        {CoverageTier::Band300Plus,
         {"% of premises with >=300Mbit/s download speed"},
         {"Number of premises with >=300Mbit/s download speed"}},
    };
    return kHeaders;
}

const std::vector<const char*> kPremisesHeaders = {"All Premises"};

std::vector<std::string> key_headers(CoverageLevel level) {
    switch (level) {
        case CoverageLevel::LocalAuthority:
            return {"laua",    "laua_code", "lad_code", "ladcd",
                    "lad21cd", "lad19cd",   "la_code",  "local_authority_code"};
        case CoverageLevel::OutputArea:
            return {"oa11cd", "oa21cd",  "oa11",        "oa21",
                    "oa",     "oa_code", "output_area", "output_area_code"};
        case CoverageLevel::Postcode:
            return {"postcode", "postcode_space", "pcds", "pcd", "pcd7", "pcd8"};
        case CoverageLevel::Area:
            break;
    }
    return {};
}

const std::vector<std::string> kNameHeaders = {"laua_name", "la_name", "lad_name", "name"};

int find_column(const CsvTable& table, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        const int c = table.column(n);
        if (c >= 0) return c;
    }
    return -1;
}

/// Blank, the usual statistical suppression marks, "<n" and negative codes.
bool is_suppression(std::string_view t, double parsed, bool numeric) {
    if (t.empty()) return true;
    static const std::set<std::string, std::less<>> kMarks = {"x", "X", "*",   "c",   "C",  "..",
                                                              "-", ":", "n/a", "N/A", "NA", "z"};
    if (kMarks.contains(t)) return true;
    if (t.front() == '<') {
        double v = 0.0;
        return detail::parse_double(detail::trim(t.substr(1)), v);
    }
    return numeric && parsed < 0.0;
}

class TableReader {
  public:
    TableReader(const CoverageTableOptions& options, Diagnostics& diagnostics)
        : m_options(options),
          m_diagnostics(diagnostics),
          m_file(fs::path(options.path).filename().string()) {}

    CoverageRelease read();

  private:
    CoverageValue cell(const CsvTable& table, const CsvRecord& record, int column);
    void check_shares(const CoverageRelease& release);
    void superfast_from_band(CoverageRelease& release, bool shares);

    const CoverageTableOptions& m_options;
    Diagnostics& m_diagnostics;
    std::string m_file;
    std::map<std::string, std::size_t> m_suppressed_by_column;
};

CoverageValue TableReader::cell(const CsvTable& table, const CsvRecord& record,
                                int column) {
    if (column < 0) return {};
    const auto c = static_cast<std::size_t>(column);
    const std::string_view t = detail::trim(record.fields[c]);
    double v = 0.0;
    const bool numeric = detail::parse_double(t, v);
    if (is_suppression(t, v, numeric)) {
        ++m_suppressed_by_column[table.header()[c]];
        return {std::nan(""), ValueState::Suppressed};
    }
    if (!numeric) {
        std::string message = "'";
        message.append(t).append("' is neither a number nor a suppression mark; read as NULL");
        m_diagnostics.add("bad_value", table.where(record, c), std::move(message));
        return {std::nan(""), ValueState::Invalid};
    }
    return {v, ValueState::Known};
}

CoverageRelease TableReader::read() {
    if (!fs::exists(m_options.path))
        throw InputError(m_options.path + ": no such file (Ofcom coverage table)");
    const CsvTable table = read_csv_file(m_options.path);
    CoverageRelease rel;
    rel.source = m_options.path;
    rel.level = m_options.level;
    rel.label = m_options.release.empty() ? release_label(m_options.path) : m_options.release;

    int key = -1;
    if (!m_options.code_field.empty()) {
        key = table.column(m_options.code_field);
        if (key < 0) {
            throw ConfigError("--code-field '" + m_options.code_field + "' is not a column of " +
                              m_options.path + "; columns: " + detail::join_names(table.header()));
        }
    } else {
        key = find_column(table, key_headers(m_options.level));
    }
    if (key < 0) {
        std::string hint;
        for (auto other :
             {CoverageLevel::LocalAuthority, CoverageLevel::OutputArea, CoverageLevel::Postcode}) {
            if (other != m_options.level && find_column(table, key_headers(other)) >= 0)
                hint = "; it looks like a " + std::string(level_name(other)) +
                       " table: pass --level " + level_name(other);
        }
        throw InputError(
            m_options.path + ": unknown layout for an Ofcom " + level_name(m_options.level) +
            " coverage table: no code column (expected one of " +
            detail::join_names(key_headers(m_options.level)) + ", or name it with --code-field)" +
            hint + "; the header has: " + detail::join_names(table.header()));
    }
    // A finer table read at a coarser level (an OA file has a laua column too) would give
    // one row per OA under the same LA code: refuse and say which level it is.
    if (m_options.code_field.empty()) {
        const std::vector<CoverageLevel> finer =
            m_options.level == CoverageLevel::LocalAuthority
                ? std::vector<CoverageLevel>{CoverageLevel::Postcode, CoverageLevel::OutputArea}
            : m_options.level == CoverageLevel::OutputArea
                ? std::vector<CoverageLevel>{CoverageLevel::Postcode}
                : std::vector<CoverageLevel>{};
        for (auto f : finer) {
            const int c = find_column(table, key_headers(f));
            if (c >= 0) {
                throw InputError(
                    m_options.path + ": a " + level_name(f) + " table (column '" +
                    table.header()[static_cast<std::size_t>(c)] + "') read as " +
                    level_name(m_options.level) + ": pass --level " + level_name(f) +
                    " (and a --lookup to roll it up), or name the key with --code-field");
            }
        }
    }
    const int name = find_column(table, kNameHeaders);

    // Columns by squeezed header.
    std::unordered_map<std::string, int> by_header;
    for (std::size_t c = 0; c < table.header().size(); ++c)
        by_header.emplace(squeeze(table.header()[c]), static_cast<int>(c));
    const auto find = [&](const std::vector<const char*>& names) {
        for (const char* n : names) {
            const auto it = by_header.find(squeeze(n));
            if (it != by_header.end()) return it->second;
        }
        return -1;
    };
    std::set<int> used{key, name};
    const int premises = find(kPremisesHeaders);
    used.insert(premises);
    used.insert(find({"All Matched Premises"}));
    std::vector<std::pair<int, int>> columns(kCoverageTierCount, {-1, -1});  // share, count
    std::size_t recognised = premises >= 0 ? 1 : 0;
    for (const auto& h : tier_headers()) {
        auto& [share, count] = columns[tier_index(h.tier)];
        share = find(h.share);
        count = find(h.count);
        used.insert(share);
        used.insert(count);
        rel.published[tier_index(h.tier)] = share >= 0 || count >= 0;
        recognised += (share >= 0) + (count >= 0);
    }
    if (recognised == 0) {
        std::string expected = "'All Premises'";
        for (const auto& h : tier_headers()) expected += std::string(", '") + h.share.front() + "'";
        throw InputError(m_options.path +
                         ": unknown layout: no Ofcom Connected Nations coverage column recognised; "
                         "expected headers such as " +
                         expected + "; the header has: " + detail::join_names(table.header()));
    }
    // Speeds, take-up and line counts are not coverage of premises: noted, not read.
    std::vector<std::string> ignored;
    for (std::size_t c = 0; c < table.header().size(); ++c) {
        if (!used.contains(static_cast<int>(c))) ignored.push_back(table.header()[c]);
    }
    if (!ignored.empty()) {
        m_diagnostics.add("columns_not_read", m_options.path,
                          std::to_string(ignored.size()) +
                              " columns are not premises coverage and were not read: " +
                              detail::join_names(ignored),
                          Severity::Info);
    }

    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& record : table.records()) {
        const std::string_view raw = detail::trim(record.fields[static_cast<std::size_t>(key)]);
        std::string code =
            normalise_postcode(raw);  // upper case, no blanks: LA, OA and postcodes alike
        if (code.empty()) {
            m_diagnostics.add("missing_code", table.where(record, static_cast<std::size_t>(key)),
                              "empty code; row skipped");
            continue;
        }
        if (const auto it = seen.find(code); it != seen.end()) {
            m_diagnostics.add("duplicate_code", table.where(record, static_cast<std::size_t>(key)),
                              "code '" + code + "' already read at row " +
                                  std::to_string(it->second) + "; the first row is kept");
            continue;
        }
        seen.emplace(code, record.row);
        CoverageRecord r;
        r.code = std::move(code);
        if (name >= 0)
            r.name = std::string(detail::trim(record.fields[static_cast<std::size_t>(name)]));
        r.premises = cell(table, record, premises);
        for (std::size_t t = 0; t < kCoverageTierCount; ++t) {
            r.pct[t] = cell(table, record, columns[t].first);
            r.count[t] = cell(table, record, columns[t].second);
        }
        rel.records.push_back(std::move(r));
    }
    if (rel.records.empty())
        throw InputError(m_options.path + ": no usable rows (see the diagnostics)");
    if (!m_suppressed_by_column.empty()) {
        std::size_t total = 0;
        std::string detail;
        for (const auto& [column, n] : m_suppressed_by_column) {
            total += n;
            detail += (detail.empty() ? "" : "; ") + column + ": " + std::to_string(n);
        }
        m_diagnostics.add("suppressed_values", m_options.path,
                          std::to_string(total) +
                              " cells withheld by the publisher (blank, x, *, c, .., <3, "
                              "negative); read as NULL and flagged: " +
                              detail,
                          Severity::Info);
    }
    superfast_from_band(rel, true);
    superfast_from_band(rel, false);
    check_shares(rel);
    return rel;
}

// Up to 2018 (and in the 2019 share column) Ofcom's "SFBB availability" is the 30-300 Mbit/s
// band, not ">= 30": there SFBB + UFBB + unable-to-receive-30 adds up to all premises while
// SFBB + unable-30 does not. Recognised from the data, per release and per kind (share or
// count), so that superfast always means the official >= 30 Mbit/s.
void TableReader::superfast_from_band(CoverageRelease& rel, bool shares) {
    const std::size_t sf = tier_index(CoverageTier::Superfast);
    const std::size_t uf = tier_index(CoverageTier::Ultrafast300);
    const std::size_t u30 = tier_index(CoverageTier::Unable30);
    const std::size_t band = tier_index(CoverageTier::Band30to300);
    const auto values = [&](CoverageRecord& r) -> std::array<CoverageValue*, 3> {
        auto& v = shares ? r.pct : r.count;
        return {&v[sf], &v[uf], &v[u30]};
    };
    std::size_t compared = 0;
    std::size_t as_band = 0;
    for (auto& r : rel.records) {
        const auto [s, u, low] = values(r);
        const double total = shares ? 100.0 : r.premises.value;
        if (!s->known() || !u->known() || !low->known() || !(total > 0)) continue;
        const double tolerance = 0.015 * total;  // shares are published to 0.1 or 1 point
        if (u->value <= tolerance) continue;     // no ultrafast: both readings agree
        ++compared;
        as_band += std::abs(s->value + u->value + low->value - total) <= tolerance &&
                   std::abs(s->value + low->value - total) > tolerance;
    }
    if (compared == 0 || as_band * 10 < compared * 9) return;
    for (auto& r : rel.records) {
        auto& v = shares ? r.pct : r.count;
        if (v[band].state == ValueState::NotPublished) v[band] = v[sf];
        const CoverageValue s = v[sf];
        const CoverageValue u = v[uf];
        if (s.known() && u.known())
            v[sf].value = s.value + u.value;
        else if (s.known() || u.known() || s.withheld() || u.withheld())
            v[sf] = {std::nan(""), ValueState::Suppressed};
    }
    rel.published[band] = true;
    m_diagnostics.add("superfast_is_band", m_options.path,
                      std::string("the 'SFBB availability' ") + (shares ? "share" : "count") +
                          " column holds the 30-300 Mbit/s band (SFBB + UFBB + "
                          "unable-to-receive-30 = all premises in " +
                          std::to_string(as_band) + " of " + std::to_string(compared) +
                          " areas with ultrafast); superfast (>= 30 Mbit/s) = SFBB + UFBB",
                      Severity::Info);
}

// Ofcom's share columns are normally count / all premises rounded to 0.1; where they are
// not (2019 "SFBB availability" holds the 30-300 Mbit/s band), say so once per column.
void TableReader::check_shares(const CoverageRelease& rel) {
    for (std::size_t t = 0; t < kCoverageTierCount; ++t) {
        std::size_t compared = 0;
        std::size_t off = 0;
        double worst = 0.0;
        for (const auto& r : rel.records) {
            if (!r.count[t].known() || !r.pct[t].known() || !r.premises.known() ||
                r.premises.value <= 0)
                continue;
            ++compared;
            const double d = std::abs(100.0 * r.count[t].value / r.premises.value - r.pct[t].value);
            worst = std::max(worst, d);
            off += d > 1.0;
        }
        if (off == 0) continue;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", worst);
        m_diagnostics.add(
            "published_share_mismatch", m_options.path + ", tier " + kCoverageTiers[t].name,
            "the published share differs from count / All Premises by more than 1 point in " +
                std::to_string(off) + " of " + std::to_string(compared) + " rows (worst " + buf +
                " points); shares are recomputed from the counts");
    }
}

}  // namespace

CoverageLevel parse_coverage_level(const std::string& text) {
    return parse_enum(detail::to_lower(text), kCoverageLevelNames, "--level");
}

std::string release_label(const std::string& path) {
    const std::string stem = fs::path(path).stem().string();
    std::size_t digits = 0;
    while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
    if (digits == 4) return stem.substr(0, 4);
    if (digits == 6) {
        std::string label(stem, 0, 6);
        label.insert(4, 1, '-');
        return label;
    }
    return stem;
}

CoverageRelease read_coverage_table(const CoverageTableOptions& options, Diagnostics& diagnostics) {
    return TableReader(options, diagnostics).read();
}

}  // namespace midlink::io
