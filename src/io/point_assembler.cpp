#include "point_assembler.hpp"

#include <ogr_spatialref.h>

#include <array>
#include <cmath>

#include "midlink/core/error.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io::detail {
namespace {

struct KnownPair {
    const char* x;
    const char* y;
    const char* crs;  // nullptr = ambiguous: options.assume_crs, else EPSG:27700
};

// Order matters: files such as GIAS carry both BNG and lon/lat; BNG needs no transform.
constexpr std::array<KnownPair, 5> kKnownPairs{{
    {"easting", "northing", "EPSG:27700"},
    {"x", "y", nullptr},
    {"x_coord", "y_coord", nullptr},
    {"longitude", "latitude", "EPSG:4326"},
    {"lon", "lat", "EPSG:4326"},
}};

int find_column(const std::vector<std::string>& columns, std::string_view name) {
    const std::string wanted = to_lower(name);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (to_lower(columns[i]) == wanted) return static_cast<int>(i);
    }
    return -1;
}

bool is_geographic(const std::string& crs) {
    OGRSpatialReference srs;
    return srs.SetFromUserInput(crs.c_str()) == OGRERR_NONE && srs.IsGeographic();
}

}  // namespace

int require_column(const std::vector<std::string>& columns, const std::string& name,
                   const char* option, const std::string& source) {
    if (name.empty()) return -1;
    const int c = find_column(columns, name);
    if (c < 0) {
        throw ConfigError(std::string(option) + " '" + name + "' is not a field of " + source +
                          "; fields: " + join_names(columns));
    }
    return c;
}

int id_column(const std::vector<std::string>& columns, const PointLayerOptions& options, const std::string& source) {
    if (!options.id_field.empty()) return require_column(columns, options.id_field, "id field", source);
    return options.default_id_field.empty() ? -1 : find_column(columns, options.default_id_field);
}

XyColumns detect_xy_columns(const std::vector<std::string>& columns,
                            const PointLayerOptions& options, const std::string& source,
                            Diagnostics& diagnostics) {
    const auto ambiguous_crs = [&](const std::string& x, const std::string& y) {
        if (!options.assume_crs.empty()) return normalise_crs(options.assume_crs);
        diagnostics.add(
            "assumed_crs", source,
            "coordinates in '" + x + "'/'" + y + "' taken as EPSG:27700; pass --assume-crs if not",
            Severity::Info);
        return std::string("EPSG:27700");
    };
    if (!options.x_field.empty() || !options.y_field.empty()) {
        if (options.x_field.empty() || options.y_field.empty()) {
            throw ConfigError(source + ": give both an x field and a y field, or neither");
        }
        const int x = require_column(columns, options.x_field, "x field", source);
        const int y = require_column(columns, options.y_field, "y field", source);
        XyColumns out{
            columns[static_cast<std::size_t>(x)], columns[static_cast<std::size_t>(y)], {}};
        // Recognised names still say what they hold; anything else is ambiguous.
        for (const auto& pair : kKnownPairs) {
            if (pair.crs && to_lower(out.x) == pair.x && to_lower(out.y) == pair.y)
                out.crs = pair.crs;
        }
        if (out.crs.empty()) out.crs = ambiguous_crs(out.x, out.y);
        return out;
    }
    for (const auto& pair : kKnownPairs) {
        const int x = find_column(columns, pair.x);
        const int y = find_column(columns, pair.y);
        if (x < 0 || y < 0) continue;
        XyColumns out{
            columns[static_cast<std::size_t>(x)], columns[static_cast<std::size_t>(y)], {}};
        out.crs = pair.crs ? std::string(pair.crs) : ambiguous_crs(out.x, out.y);
        return out;
    }
    throw InputError(
        source +
        ": no coordinate columns (easting/northing, x/y, x_coord/y_coord, longitude/latitude or "
        "lon/lat); give --x-field and --y-field. Columns: " +
        join_names(columns));
}

std::optional<double> parse_coordinate(std::string_view text) {
    double v = 0.0;
    if (!parse_double(trim(text), v) || !std::isfinite(v)) return std::nullopt;
    return v;
}

PointAssembler::PointAssembler(const PointLayerOptions& options, const std::string& source,
                               const std::string& source_crs, Diagnostics& diagnostics)
    : m_options(options),
      m_source(source),
      m_diagnostics(diagnostics),
      m_transform(source_crs, normalise_crs(options.target_crs)),
      m_geographic(is_geographic(source_crs)) {}

void PointAssembler::missing_coordinates(const std::string& where, const std::string& detail) {
    ++m_rows;
    ++m_missing;
    m_diagnostics.add("missing_coordinates", where, detail + "; row skipped");
}

void PointAssembler::reject(const std::string& where, std::string code,
                            const std::string& message) {
    ++m_rows;
    ++m_rejected;
    m_diagnostics.add(std::move(code), where, message + "; row skipped");
}

void PointAssembler::add(const std::string& where, std::int64_t row, std::string id,
                         Point source_xy, std::string_view weight_text, std::string category,
                         std::vector<std::pair<std::string, std::string>> attributes) {
    if (!is_finite(source_xy) || (source_xy.x == 0.0 && source_xy.y == 0.0)) {
        // (0, 0) is a placeholder (GIAS uses it for offshore schools), never a real site here.
        missing_coordinates(where, "coordinates are (" + std::to_string(source_xy.x) + ", " +
                                       std::to_string(source_xy.y) + "), a placeholder");
        return;
    }
    ++m_rows;
    PointFeature p;
    p.row = row;
    if (!m_options.weight_field.empty()) {
        const std::string_view text = trim(weight_text);
        if (!parse_double(text, p.weight)) {
            ++m_rejected;
            m_diagnostics.add("bad_weight", where,
                              "weight '" + std::string(text) + "' in field '" +
                                  m_options.weight_field + "' is not a number; row skipped");
            return;
        }
        // Weights are counts or supply (population, places, premises): a negative one
        // would move every other point's share (issue 11).
        if (p.weight < 0.0) {
            ++m_rejected;
            m_diagnostics.add("bad_weight", where,
                              "weight " + std::string(text) + " in field '" +
                                  m_options.weight_field + "' is negative; row skipped");
            return;
        }
    }
    const bool in_range =
        !m_geographic || (std::abs(source_xy.x) <= 180.0 && std::abs(source_xy.y) <= 90.0);
    p.xy = source_xy;
    if (!in_range || !m_transform.apply(p.xy)) {
        ++m_rejected;
        m_diagnostics.add("invalid_coordinate", where,
                          "coordinates (" + std::to_string(source_xy.x) + ", " +
                              std::to_string(source_xy.y) +
                              ") are out of range for the source CRS; row skipped");
        return;
    }
    if (id.empty()) {
        if (!m_options.id_field.empty()) {
            m_diagnostics.add("missing_id", where, "empty id; the row number is used instead",
                              Severity::Info);
        }
        id = std::to_string(row);
    }
    p.id = std::move(id);
    p.category = std::move(category);
    p.attributes = std::move(attributes);
    m_points.push_back(std::move(p));
}

std::vector<PointFeature> PointAssembler::finish() {
    if (m_points.empty()) {
        if (m_rows == 0) throw InputError(m_source + " has no rows");
        if (m_missing == m_rows) {
            throw InputError(m_source + ": none of its " + std::to_string(m_rows) +
                             " rows has coordinates");
        }
        throw InputError(m_source + ": no usable points among " + std::to_string(m_rows) +
                         " rows (" + std::to_string(m_missing) + " without coordinates, " +
                         std::to_string(m_rejected) +
                         " with a bad weight, geometry or coordinates)");
    }
    return std::move(m_points);
}

}  // namespace midlink::io::detail
