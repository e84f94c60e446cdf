// read_traffic_counts: one pass over a CSV (CsvTable) or a GDAL layer through a small row
// interface, so both share the column choice and the per-row parsing.
#include "midlink/io/count_reader.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>

#include "midlink/io/csv_table.hpp"
#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/feature_readers.hpp"
#include "point_assembler.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

int find_any(const std::vector<std::string>& columns, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (detail::to_lower(columns[i]) == detail::to_lower(n)) return static_cast<int>(i);
        }
    }
    return -1;
}

/// The explicit name (must exist) or the first known name present (-1 when none).
int choose(const std::vector<std::string>& columns, const std::string& explicit_name,
           const char* option, const std::string& source,
           std::initializer_list<const char*> known) {
    if (!explicit_name.empty())
        return detail::require_column(columns, explicit_name, option, source);
    return find_any(columns, known);
}

struct Columns {
    int id = -1, road = -1, all = -1, hgv = -1, estimation = -1, direction = -1, year = -1;
};

Columns choose_columns(const std::vector<std::string>& columns, const CountReadOptions& o,
                       const std::string& source) {
    Columns c;
    c.id = choose(columns, o.id_field, "--id-field", source,
                  {"count_point_id", "CP", "count_point", "count_point_ref"});
    c.road = choose(columns, o.road_field, "--road-field", source,
                    {"road_name", "RoadNumber", "road_number", "road", "ref"});
    c.all = choose(columns, o.all_field, "--all-field", source,
                   {"all_motor_vehicles", "FdAll_MV", "AllMV", "all_mv", "All_Motor_Vehicles"});
    c.hgv = choose(columns, o.hgv_field, "--hgv-field", source,
                   {"all_hgvs", "FdHGV", "HGV", "all_hgv"});
    c.estimation = choose(columns, o.estimation_field, "--estimation-field", source,
                          {"estimation_method", "estimation"});
    c.direction = choose(columns, o.direction_field, "--direction-field", source,
                         {"direction_of_travel", "iDir", "direction"});
    c.year = find_any(columns, {"year", "AADFYear", "aadf_year"});
    if (c.all < 0) {
        throw InputError(
            source +
            ": no all-motor-vehicles column (all_motor_vehicles, FdAll_MV or AllMV); name it "
            "with --all-field. Fields: " +
            detail::join_names(columns));
    }
    return c;
}

double number_or_nan(std::string_view text) {
    double v = 0.0;
    const auto t = detail::trim(text);
    if (t.empty() || !detail::parse_double(t, v) || v < 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    return v;
}

CountEstimation estimation_of(std::string_view text) {
    const std::string t = detail::to_lower(detail::trim(text));
    if (t.starts_with("counted")) return CountEstimation::Counted;
    if (t.starts_with("estimated")) return CountEstimation::Estimated;
    return CountEstimation::Unknown;
}

/// Fills everything but the coordinates from a row given as text by column.
TrafficCount count_from_row(const Columns& c, const std::function<std::string(int)>& text,
                            std::string where, std::int64_t row) {
    TrafficCount t;
    t.where = std::move(where);
    t.count_point_id = std::string(detail::trim(text(c.id)));
    if (t.count_point_id.empty()) t.count_point_id = "row " + std::to_string(row);
    // Shapefiles store whole ids as reals ("6292.000000"): keep the integer text.
    if (auto dot = t.count_point_id.find('.');
        dot != std::string::npos &&
        t.count_point_id.find_first_not_of('0', dot + 1) == std::string::npos) {
        t.count_point_id.resize(dot);
    }
    t.road = std::string(detail::trim(text(c.road)));
    t.all_motor_vehicles = number_or_nan(text(c.all));
    t.hgv = number_or_nan(text(c.hgv));
    t.estimation_text = std::string(detail::trim(text(c.estimation)));
    t.estimation = estimation_of(t.estimation_text);
    t.direction = normalise_direction(text(c.direction));
    const double year = number_or_nan(text(c.year));
    if (!std::isnan(year)) t.year = static_cast<std::int64_t>(year);
    return t;
}

}  // namespace

std::string normalise_direction(std::string_view text) {
    const std::string t = detail::to_lower(detail::trim(text));
    if (t.empty()) return {};
    const char first = t[0];
    const bool word = t.size() == 1 || t.starts_with("north") || t.starts_with("south") ||
                      t.starts_with("east") || t.starts_with("west");
    if (!word) return {};
    switch (first) {
        case 'n':
            return "N";
        case 's':
            return "S";
        case 'e':
            return "E";
        case 'w':
            return "W";
        default:
            return {};
    }
}

std::vector<TrafficCount> read_traffic_counts(const CountReadOptions& options,
                                              Diagnostics& diagnostics) {
    PointLayerOptions po;  // for the shared coordinate-column detection
    po.path = options.path;
    po.x_field = options.x_field;
    po.y_field = options.y_field;
    po.target_crs = options.target_crs;
    po.assume_crs = options.assume_crs;
    const std::string file = std::filesystem::path(options.path).filename().string();
    std::vector<TrafficCount> counts;

    // Old DfT tables give the grid reference as "S Ref E" / "S Ref N" (BNG metres).
    const auto old_dft_xy = [&](const std::vector<std::string>& columns) {
        if (po.x_field.empty() && po.y_field.empty() && find_any(columns, {"S Ref E"}) >= 0 &&
            find_any(columns, {"S Ref N"}) >= 0 &&
            find_any(columns, {"easting", "longitude", "x"}) < 0) {
            po.x_field = "S Ref E";
            po.y_field = "S Ref N";
            if (po.assume_crs.empty()) po.assume_crs = "EPSG:27700";
        }
    };
    const auto add_xy = [&](TrafficCount& t, std::optional<double> x, std::optional<double> y,
                            const CrsTransform& transform) {
        if (!x || !y) {
            t.coordinate_problem = "no coordinates (empty or not numbers)";
        } else if (*x == 0.0 && *y == 0.0) {
            t.coordinate_problem = "no coordinates (0,0 placeholder)";
        } else {
            Point p{*x, *y};
            if (transform.apply(p))
                t.xy = p;
            else
                t.coordinate_problem = "coordinates cannot be transformed to " + options.target_crs;
        }
    };

    if (detail::is_csv_path(options.path)) {
        const CsvTable table = read_csv_file(options.path);
        const auto& columns = table.header();
        const Columns c = choose_columns(columns, options, options.path);
        old_dft_xy(columns);
        const auto xy = detail::detect_xy_columns(columns, po, options.path, diagnostics);
        const int xc = find_any(columns, {xy.x.c_str()});
        const int yc = find_any(columns, {xy.y.c_str()});
        const CrsTransform transform(xy.crs, options.target_crs);
        for (const auto& rec : table.records()) {
            const auto text = [&](int col) { return col < 0 ? std::string() : rec.fields[col]; };
            auto t = count_from_row(c, text, file + ", row " + std::to_string(rec.row),
                                    static_cast<std::int64_t>(rec.row));
            add_xy(t, detail::parse_coordinate(text(xc)), detail::parse_coordinate(text(yc)),
                   transform);
            counts.push_back(std::move(t));
        }
    } else {
        gdal::ErrorCapture errors;
        GDALDatasetUniquePtr ds = gdal::open_vector(options.path, options.input);
        OGRLayer* layer = &gdal::choose_layer(*ds, options.path, options.layer, gdal::LayerKind::Point);
        const std::string source = options.path + " (layer " + layer->GetName() + ")";
        std::vector<std::string> columns;
        const OGRFeatureDefn& defn = *layer->GetLayerDefn();
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            columns.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
        const Columns c = choose_columns(columns, options, source);
        const bool from_fields =
            !po.x_field.empty() || !po.y_field.empty() || layer->GetGeomType() == wkbNone;
        int xc = -1;
        int yc = -1;
        std::string crs;
        if (from_fields) {
            old_dft_xy(columns);
            const auto xy = detail::detect_xy_columns(columns, po, source, diagnostics);
            xc = find_any(columns, {xy.x.c_str()});
            yc = find_any(columns, {xy.y.c_str()});
            crs = xy.crs;
        } else {
            crs = gdal::crs_for_proj(layer->GetSpatialRef());
            if (crs.empty()) {
                if (options.assume_crs.empty())
                    throw InputError(source + " has no CRS; pass --counts-crs EPSG:xxxx");
                crs = normalise_crs(options.assume_crs);
            }
        }
        const CrsTransform transform(crs, options.target_crs);
        gdal::FeatureLoop features(*layer, file + ", layer " + layer->GetName(), options.input, &diagnostics);
        while (const auto f = features.next()) {
            const auto text = [&](int col) {
                return col < 0 || !f->IsFieldSetAndNotNull(col)
                           ? std::string()
                           : std::string(f->GetFieldAsString(col));
            };
            auto t = count_from_row(c, text, file + ", feature " + std::to_string(f->GetFID()),
                                    f->GetFID());
            if (from_fields) {
                add_xy(t, detail::parse_coordinate(text(xc)), detail::parse_coordinate(text(yc)),
                       transform);
            } else {
                const OGRGeometry* g = f->GetGeometryRef();
                if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint) {
                    t.coordinate_problem = g && !g->IsEmpty() ? "geometry is not a point"
                                                              : "no coordinates (no geometry)";
                } else {
                    add_xy(t, g->toPoint()->getX(), g->toPoint()->getY(), transform);
                }
            }
            counts.push_back(std::move(t));
        }
    }
    if (counts.empty()) throw InputError(options.path + ": no count rows");
    return counts;
}

}  // namespace midlink::io
