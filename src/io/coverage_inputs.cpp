// The coverage inputs besides Ofcom tables: code lookups, BDUK class tables and premises
// points (read with read_points, located with AreaIndex).
#include <filesystem>
#include <map>
#include <set>

#include "midlink/io/csv_table.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

CsvTable open_table(const std::string& path, const char* what) {
    if (!fs::exists(path)) throw InputError(path + ": no such file (" + what + ")");
    return read_csv_file(path);
}

std::size_t column_of(const CsvTable& table, const std::string& name, const char* option) {
    const int c = table.column(name);
    if (c < 0) {
        throw InputError(table.path() + ": no column '" + name + "' (" + option +
                         "); columns: " + detail::join_names(table.header()));
    }
    return static_cast<std::size_t>(c);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_code_lookup(const CodeLookupOptions& options,
                                                                  Diagnostics& diagnostics) {
    const CsvTable table = open_table(options.path, "code lookup");
    const std::size_t from = column_of(table, options.from_field, "lookup from field");
    const std::size_t to = column_of(table, options.to_field, "lookup to field");
    std::map<std::string, std::string> next;
    for (const auto& r : table.records()) {
        const std::string a = normalise_postcode(r.fields[from]);
        const std::string b = normalise_postcode(r.fields[to]);
        if (a.empty() || b.empty()) {
            diagnostics.add("lookup_incomplete_row", table.where(r, a.empty() ? from : to),
                            "empty code; row skipped");
            continue;
        }
        const auto [it, inserted] = next.emplace(a, b);
        if (!inserted && it->second != b) {
            diagnostics.add(
                "lookup_conflict", table.where(r, to),
                a + " already maps to " + it->second + "; " + b + " ignored (one target per code)");
        }
    }
    // Resolve chains (Taunton Deane -> Somerset West and Taunton -> Somerset).
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [a, b] : next) {
        std::string target = b;
        std::set<std::string> seen{a};
        for (auto it = next.find(target); it != next.end(); it = next.find(target)) {
            if (!seen.insert(target).second)
                throw InputError(options.path + ": the lookup has a cycle through " + target);
            target = it->second;
        }
        out.emplace_back(a, target);
    }
    return out;
}

CoverageRelease read_bduk_table(const BdukTableOptions& options, Diagnostics& diagnostics) {
    const CsvTable table = open_table(options.path, "BDUK classes table");
    const std::size_t key = column_of(table, options.key_field, "--bduk-key");
    const std::size_t cls = column_of(table, options.class_field, "--bduk-class");
    const int premises =
        options.premises_field.empty()
            ? -1
            : static_cast<int>(column_of(table, options.premises_field, "--bduk-premises"));
    CoverageRelease rel;
    rel.label = options.release;
    rel.source = options.path;
    rel.level = options.level;
    for (auto t : {CoverageTier::BdukWhite, CoverageTier::BdukGrey, CoverageTier::BdukBlack,
                   CoverageTier::BdukUnderReview})
        rel.published[tier_index(t)] = true;
    std::map<std::string, std::size_t> index;
    std::size_t bad = 0;
    for (const auto& r : table.records()) {
        const std::string code = normalise_postcode(r.fields[key]);
        if (code.empty()) {
            diagnostics.add("missing_code", table.where(r, key), "empty code; row skipped");
            continue;
        }
        double n = 1.0;
        if (premises >= 0) {
            const std::string_view t = detail::trim(r.fields[static_cast<std::size_t>(premises)]);
            if (!detail::parse_double(t, n) || n < 0) {
                diagnostics.add("bad_value", table.where(r, static_cast<std::size_t>(premises)),
                                "premises '" + std::string(t) + "' is not a count; row skipped");
                continue;
            }
        }
        auto [it, inserted] = index.emplace(code, rel.records.size());
        if (inserted) {
            CoverageRecord rec;
            rec.code = code;
            rec.premises = {0.0, ValueState::Known};
            for (auto t : {CoverageTier::BdukWhite, CoverageTier::BdukGrey, CoverageTier::BdukBlack,
                           CoverageTier::BdukUnderReview})
                rec.count[tier_index(t)] = {0.0, ValueState::Known};
            rel.records.push_back(std::move(rec));
        }
        CoverageRecord& rec = rel.records[it->second];
        rec.premises.value += n;
        CoverageTier c{};
        if (parse_bduk_class(r.fields[cls], c)) {
            rec.count[tier_index(c)].value += n;
        } else {
            rec.unknown_bduk += n;
            if (++bad <= 20) {
                diagnostics.add(
                    "unknown_bduk_class", table.where(r, cls),
                    "'" + r.fields[cls] +
                        "' is not White, Grey, Black or Under review; counted as unknown");
            }
        }
    }
    if (bad > 20) {
        diagnostics.add("unknown_bduk_class", options.path,
                        std::to_string(bad) +
                            " rows in all have an unrecognised class (the first 20 are listed)");
    }
    if (rel.records.empty())
        throw InputError(options.path + ": no usable rows (see the diagnostics)");
    return rel;
}

PremisesPoints read_premises(const PremisesLayerOptions& options, Diagnostics& diagnostics) {
    PointLayerOptions po = options.points;
    po.keep_fields.clear();
    for (const auto* f :
         {&options.down_field, &options.up_field, &options.technology_field, &options.bduk_field}) {
        if (!f->empty()) po.keep_fields.push_back(*f);
    }
    if (po.keep_fields.empty() && !options.locations_only) {
        throw ConfigError(
            "premises points need at least one of --premises-down, --premises-tech, "
            "--premises-bduk");
    }
    const auto points = read_points(po, diagnostics);
    PremisesPoints out;
    out.xy.reserve(points.size());
    out.status.reserve(points.size());
    const auto speed = [&](const PointFeature& p, const std::string& field) {
        if (field.empty()) return std::nan("");
        const std::string* t = p.attribute(field);
        double v = 0.0;
        if (!t || t->empty()) return std::nan("");
        if (!detail::parse_double(*t, v) || v < 0) {
            if (++out.bad_speed <= 20) {
                diagnostics.add("bad_speed", options.points.path + ", row " + std::to_string(p.row),
                                field + " '" + *t + "' is not a speed in Mbit/s; read as unknown");
            }
            return std::nan("");
        }
        return v;
    };
    for (const auto& p : points) {
        PremisesStatus s;
        s.down_mbps = speed(p, options.down_field);
        s.up_mbps = speed(p, options.up_field);
        if (!options.technology_field.empty())
            s.technology = *p.attribute(options.technology_field);
        if (!options.bduk_field.empty()) s.bduk_class = *p.attribute(options.bduk_field);
        out.xy.push_back(p.xy);
        out.status.push_back(std::move(s));
    }
    if (out.bad_speed > 20) {
        diagnostics.add("bad_speed", options.points.path,
                        std::to_string(out.bad_speed) +
                            " speed cells in all were not numbers (the first 20 are listed)");
    }
    return out;
}

std::vector<std::int64_t> locate_points(const std::vector<AreaFeature>& areas,
                                        const std::vector<Point>& points) {
    const AreaIndex index(areas);
    std::vector<std::int64_t> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) out[i] = index.locate(points[i]);
    return out;
}

}  // namespace midlink::io
