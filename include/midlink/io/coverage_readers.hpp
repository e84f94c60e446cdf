#pragma once
// Broadband coverage inputs (metrics.md §2): Ofcom Connected Nations fixed-coverage tables
// at local-authority, output-area and postcode level (one column layout, keyed by LA code,
// OA code or postcode; columns recognised by their published headers, 2016-2021),
// BDUK premises-class tables, code lookups (boundary changes, postcode -> area), and
// premises points with speed, technology or class counted into areas.
#include <string>
#include <utility>
#include <vector>

#include "midlink/core/coverage.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::io {

/// "laua", "oa" or "postcode" (any case; la, lad, pc too); throws ConfigError listing them.
CoverageLevel parse_coverage_level(const std::string& text);

struct CoverageTableOptions {
    std::string path;  // CSV (plain or xz)
    CoverageLevel level = CoverageLevel::LocalAuthority;
    std::string code_field;  // empty = the level's published key column (laua, oa11cd, postcode...)
    std::string release;     // empty = from the file name (see release_label)
};

/// "2016_data.csv" -> "2016", "202105_fixed_laua_coverage_r01.csv" -> "2021-05", else the
/// file's stem.
std::string release_label(const std::string& path);

/// Reads one Ofcom table. Suppressed cells (blank, "x", "*", "c", "..", "-", "<3", negative
/// codes) become Suppressed, other non-numbers Invalid (diagnosed): never 0. Duplicate codes
/// keep the first row. A published share that disagrees with count / premises by more
/// than one point is diagnosed once per column. Throws InputError naming the file and the
/// expected headers when the key column or every coverage column is missing.
CoverageRelease read_coverage_table(const CoverageTableOptions& options, Diagnostics& diagnostics);

struct CodeLookupOptions {
    std::string path;  // CSV
    std::string from_field = "from_code";
    std::string to_field = "to_code";
    bool postcodes = false;  // normalise the from side as postcodes
};

/// (old code, new code) pairs, chains resolved (A->B, B->C gives A->C and B->C). Throws
/// InputError for a missing file or column, or a cycle.
std::vector<std::pair<std::string, std::string>> read_code_lookup(const CodeLookupOptions& options,
                                                                  Diagnostics& diagnostics);

struct BdukTableOptions {
    std::string path;  // CSV
    std::string key_field;
    std::string class_field;
    std::string premises_field;  // empty = one premises per row
    CoverageLevel level = CoverageLevel::Postcode;
    std::string release = "bduk";
};

/// Premises per BDUK class per code (rows with the same code are summed). Rows with an
/// unrecognised class are counted as unknown and diagnosed.
CoverageRelease read_bduk_table(const BdukTableOptions& options, Diagnostics& diagnostics);

struct PremisesLayerOptions {
    PointLayerOptions points;      // path, layer, CRS; keep_fields is filled from the fields below
    std::string down_field;        // download Mbit/s
    std::string up_field;          // upload Mbit/s
    std::string technology_field;  // FTTP, FTTH, "full fibre"...
    std::string bduk_field;        // White, Grey, Black, Under review
    bool locations_only = false;   // no field needed (coverage polygons give the tier)
};

struct PremisesPoints {
    std::vector<Point> xy;  // working CRS
    std::vector<PremisesStatus> status;
    std::size_t bad_speed = 0;  // cells that were not numbers (diagnosed), read as unknown
};

/// Reads premises points; empty or non-numeric speeds are unknown (NaN), never 0.
PremisesPoints read_premises(const PremisesLayerOptions& options, Diagnostics& diagnostics);

/// Index of the area holding each point (AreaIndex: prepared geometries and an STR tree;
/// a point on a shared boundary goes to the area listed first), -1 outside every area.
std::vector<std::int64_t> locate_points(const std::vector<AreaFeature>& areas,
                                        const std::vector<Point>& points);

}  // namespace midlink::io
