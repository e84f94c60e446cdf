#include "midlink/io/layer_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "gdal_util.hpp"
#include "layer_style.hpp"
#include "midlink/core/error.hpp"
#include "midlink/version.hpp"
#include "midlink/io/output_set.hpp"

namespace midlink::io {
namespace fs = std::filesystem;

namespace {

struct DriverChoice {
    std::string name;
    bool multi_layer = false;    // GeoPackage and PostGIS hold several layers
    bool transactional = false;  // batched in one transaction for speed
};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

DriverChoice choose_driver(const std::string& path, const std::string& requested) {
    std::string name = requested;
    if (name.empty()) {
        const std::string ext = lower(fs::path(path).extension().string());
        if (is_database_path(path)) name = "PostgreSQL";
        else if (ext == ".csv") name = "CSV";
        else if (ext == ".geojson" || ext == ".json") name = "GeoJSON";
        else if (ext == ".fgb") name = "FlatGeobuf";
        else if (ext == ".shp") name = "ESRI Shapefile";
        else if (ext == ".gpkg" || ext.empty()) name = "GPKG";
        else check_vector_output_path(path);  // throws
    }
    const bool db = name == "GPKG" || name == "PostgreSQL";
    return {name, db, db};
}

}  // namespace

void check_vector_output_path(const std::string& path) {
    if (is_database_path(path)) return;
    const std::string ext = lower(fs::path(path).extension().string());
    for (const char* ok : {"", ".gpkg", ".geojson", ".json", ".fgb", ".csv", ".shp"})
        if (ext == ok) return;
    throw ConfigError(path + ": midlink cannot write '" + ext +
                      "' files; give .gpkg (the default), .geojson, .fgb, .csv, .shp or a PG: connection");
}

namespace {

// Shapefiles are several files sharing a stem; every other format is one file.
constexpr std::array<const char*, 5> kShapefileParts = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
        case FieldType::Integer: return OFTInteger;
        case FieldType::Integer64: return OFTInteger64;
        case FieldType::Real: return OFTReal;
        case FieldType::String: break;
    }
    return OFTString;
}

bool is_number(FieldType t) { return t != FieldType::String; }

// The column a layer's style grades by: the spec's main measure when it is a numeric
// column, else the first Real column; empty when there is none.
int measure_index(const LayerSpec& spec) {
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        if (spec.fields[i].name == spec.main_measure && is_number(spec.fields[i].type)) return static_cast<int>(i);
    }
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        if (spec.fields[i].type == FieldType::Real) return static_cast<int>(i);
    }
    return -1;
}

std::string description_of(const LayerSpec& spec) {
    if (!spec.description.empty()) return spec.description;
    return spec.name + ", written by midlink " + version_string + ".";
}

// One style being gathered: the values of the measure as rows are added.
struct LayerStyle {
    style::StyleRequest request;
    std::string geometry_column;
    int measure = -1;  // index of the measure in a row's values
    std::vector<double> values;
};

}  // namespace

struct DatasetWriter::Impl {
    std::string path;       // final destination
    std::string temp_path;  // what GDAL writes; equal to path for PostGIS
    DriverChoice driver;
    GDALDatasetUniquePtr ds;
    OGRSpatialReference srs;
    bool has_srs = false;
    OGRLayer* layer = nullptr;
    GeometryKind geometry = GeometryKind::None;
    std::size_t field_count = 0;
    // CSV points: X and Y written as our own leading columns, because GDAL 3.6's
    // GEOMETRY=AS_XY adds a stray empty column to every row.
    bool csv_xy = false;
    int layers = 0;
    bool in_transaction = false;
    bool committed = false;
    bool in_set = false;  // the output set renames it
    OutputSet* set = nullptr;
    GDALDriver* gdal_driver = nullptr;
    // Single-layer formats (GeoJSON, FlatGeobuf, Shapefile, CSV) get a file per layer when
    // a second layer begins: X.fgb becomes X_<first>.fgb, X_<second>.fgb, ... The files
    // closed so far, temporary -> final (without a set; a set renames its own members).
    std::vector<std::pair<std::string, std::string>> closed_files;
    std::string current_final;  // the final name of the file being written
    std::string first_layer;
    std::vector<LayerStyle> styles;  // GeoPackage only, one per spatial layer
    bool styling = false;            // the current layer is the last of `styles`

    [[nodiscard]] bool uses_temp() const { return temp_path != path; }

    std::vector<std::string> files_of(const std::string& file) const {
        if (driver.name != "ESRI Shapefile") return {file};
        std::vector<std::string> out;
        for (const char* ext : kShapefileParts) out.push_back(fs::path(file).replace_extension(ext).string());
        return out;
    }

    [[noreturn]] void fail(const std::string& what, const gdal::ErrorCapture& errors) const {
        throw OutputError("cannot write " + path + ": " + what + errors.suffix());
    }

    void check_transaction(OGRErr err, const char* what, const gdal::ErrorCapture& errors) const {
        if (err != OGRERR_NONE) fail(what, errors);
    }

    void add_feature(OGRGeometry* geom, const std::vector<FieldValue>& values) {
        gdal::ErrorCapture errors;
        if (!layer) fail("add() before begin_layer()", errors);
        if (values.size() != field_count) {
            fail("layer " + std::string(layer->GetName()) + " has " + std::to_string(field_count) +
                     " fields but a row has " + std::to_string(values.size()) + " values",
                 errors);
        }
        if (styling && styles.back().measure >= 0) {
            const auto& v = values[static_cast<std::size_t>(styles.back().measure)];
            if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d)) styles.back().values.push_back(*d);
            if (const auto* n = std::get_if<std::int64_t>(&v)) styles.back().values.push_back(static_cast<double>(*n));
        }
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        const int offset = csv_xy ? 2 : 0;
        if (csv_xy && geom) {
            const auto* p = geom->toPoint();
            feature->SetField(0, p->getX());
            feature->SetField(1, p->getY());
            delete geom;
            geom = nullptr;
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            const int f = static_cast<int>(i) + offset;
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>) {
                        feature->SetFieldNull(f);
                    } else if constexpr (std::is_same_v<T, std::int64_t>) {
                        feature->SetField(f, static_cast<GIntBig>(v));
                    } else if constexpr (std::is_same_v<T, double>) {
                        if (std::isfinite(v)) feature->SetField(f, v);
                        else feature->SetFieldNull(f);  // NaN/inf are not portable values
                    } else {
                        feature->SetField(f, v.c_str());
                    }
                },
                values[i]);
        }
        if (geom) {
            if (has_srs) geom->assignSpatialReference(&srs);
            feature->SetGeometryDirectly(geom);
        }
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
            fail("feature in layer " + std::string(layer->GetName()), errors);
        }
    }

    void begin_style(const LayerSpec& spec) {
        styling = false;
        if (driver.name != "GPKG" || spec.geometry == GeometryKind::None) return;
        LayerStyle s;
        s.request.layer = spec.name;
        s.request.geometry = spec.geometry;
        s.measure = measure_index(spec);
        if (s.measure >= 0) s.request.measure = spec.fields[static_cast<std::size_t>(s.measure)].name;
        for (const auto& f : spec.fields) {
            if (f.type == FieldType::Real && style::is_minutes_column(f.name)) s.request.two_decimal_fields.push_back(f.name);
        }
        s.geometry_column = layer->GetGeometryColumn();
        if (!s.request.measure.empty()) layer->SetMetadataItem("MAIN_MEASURE", s.request.measure.c_str());
        styles.push_back(std::move(s));
        styling = true;
    }

    // The QGIS table of styles, made as QGIS makes it (an attribute table registered in
    // gpkg_contents, with its id as FID), with each spatial layer's default style.
    void write_styles(const gdal::ErrorCapture& errors) {
        styling = false;
        if (styles.empty()) return;
        CPLStringList options;
        options.SetNameValue("FID", "id");
        options.SetNameValue("DESCRIPTION", "QGIS layer styles: the default style of each layer (docs/qgis.md).");
        OGRLayer* table = ds->CreateLayer(style::kStyleTable, nullptr, wkbNone, options.List());
        if (!table) fail("cannot create layer_styles", errors);
        struct Column {
            const char* name;
            OGRFieldType type;
            int width;
        };
        for (const Column& c : {Column{"f_table_catalog", OFTString, 256}, Column{"f_table_schema", OFTString, 256},
                                Column{"f_table_name", OFTString, 256}, Column{"f_geometry_column", OFTString, 256},
                                Column{"styleName", OFTString, 30}, Column{"styleQML", OFTString, 0},
                                Column{"styleSLD", OFTString, 0}, Column{"useAsDefault", OFTInteger, 0},
                                Column{"description", OFTString, 0}, Column{"owner", OFTString, 30},
                                Column{"ui", OFTString, 30}, Column{"update_time", OFTDateTime, 0}}) {
            OGRFieldDefn defn(c.name, c.type);
            defn.SetWidth(c.width);
            if (c.type == OFTInteger) defn.SetSubType(OFSTBoolean);
            if (c.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");  // what QGIS sets when it saves
            if (table->CreateField(&defn) != OGRERR_NONE) fail(std::string("cannot create layer_styles.") + c.name, errors);
        }
        check_transaction(ds->StartTransaction(), "start transaction", errors);
        for (auto& s : styles) {
            if (!s.request.measure.empty()) s.request.classes = style::quantile_classes(std::move(s.values));
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(table->GetLayerDefn()));
            f->SetField("f_table_catalog", "");
            f->SetField("f_table_schema", "");
            f->SetField("f_table_name", s.request.layer.c_str());
            f->SetField("f_geometry_column", s.geometry_column.c_str());
            f->SetField("styleName", s.request.layer.c_str());
            f->SetField("styleQML", style::style_qml(s.request).c_str());
            f->SetField("styleSLD", style::style_sld(s.request).c_str());
            f->SetField("useAsDefault", 1);
            const std::string what = s.request.measure.empty()
                                         ? "midlink default style: one symbol"
                                         : "midlink default style: " + s.request.measure + " in quantile classes";
            f->SetField("description", what.c_str());
            f->SetField("owner", "");
            // update_time stays NULL, so a rerun writes the same file.
            f->SetFieldNull(f->GetFieldIndex("update_time"));
            if (table->CreateFeature(f.get()) != OGRERR_NONE) fail("cannot write layer_styles", errors);
        }
        check_transaction(ds->CommitTransaction(), "commit transaction", errors);
        styles.clear();
    }

    void remove_temp() noexcept {
        if (!uses_temp()) return;
        std::error_code ec;
        for (const auto& f : files_of(temp_path)) fs::remove(f, ec);
        for (const auto& [temp, final_path] : closed_files)
            for (const auto& f : files_of(temp)) fs::remove(f, ec);
    }

    /// The temporary name for `final_path`, registered with the set when there is one.
    std::string temporary_for(const std::string& final_path) const {
        if (!set) return temporary_path(final_path, ::getpid());
        const std::string temp = set->member(final_path);
        for (const auto& part : files_of(final_path)) set->member(part);
        return temp;
    }

    /// Closes the current single-layer file and opens the next one for layer `name`.
    void next_file(const std::string& name, const gdal::ErrorCapture& errors) {
        ds->FlushCache();
        ds.reset();
        if (!errors.last_error().empty()) fail("close", errors);
        std::string closed_temp = temp_path;
        std::string closed_final = current_final;
        if (layers == 1) {  // the first layer's file takes its layer's name too
            closed_final = layer_file(path, first_layer);
            const std::string moved = temporary_for(closed_final);
            const auto from = files_of(temp_path);
            const auto to = files_of(moved);
            for (std::size_t i = 0; i < from.size(); ++i) {
                std::error_code ec;
                if (fs::exists(from[i])) fs::rename(from[i], to[i], ec);
                if (ec) fail("rename " + from[i] + ": " + ec.message(), errors);
            }
            closed_temp = moved;
        }
        if (!set) closed_files.emplace_back(closed_temp, closed_final);
        current_final = layer_file(path, name);
        temp_path = temporary_for(current_final);
        std::error_code ec;
        for (const auto& f : files_of(temp_path)) fs::remove(f, ec);
        ds.reset(gdal_driver->Create(temp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) fail("driver " + driver.name + " cannot create " + current_final, errors);
    }

    /// X.fgb and layer "edges" -> X_edges.fgb, in the same folder.
    static std::string layer_file(const std::string& path, const std::string& layer) {
        const fs::path p(path);
        return (p.parent_path() / (p.stem().string() + "_" + layer + p.extension().string())).string();
    }
};

DatasetWriter::DatasetWriter(const std::string& path, const std::string& crs, const std::string& driver,
                             OutputSet* set)
    : m_impl(std::make_unique<Impl>()) {
    gdal::ensure_registered();
    gdal::ErrorCapture errors;
    Impl& m = *m_impl;
    m.path = path;
    m.driver = choose_driver(path, driver);
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(m.driver.name.c_str());
    if (!drv) throw OutputError("cannot write " + path + ": GDAL has no driver '" + m.driver.name + "'");

    if (!crs.empty()) {
        m.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = easting/longitude
        if (m.srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
            throw OutputError("cannot write " + path + ": unknown CRS '" + crs + "'");
        }
        m.has_srs = true;
    }

    if (m.driver.name == "PostgreSQL") {
        // A database has no temporary name; the transaction plays that part.
        m.temp_path = path;
        m.ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
        if (!m.ds) m.fail("cannot connect", errors);
        return;
    }
    // Hidden temporary name beside the target, keeping the extension so the driver agrees.
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) m.fail("folder " + dir.string() + " does not exist", errors);
    m.gdal_driver = drv;
    m.current_final = path;
    if (set) {
        m.in_set = true;
        m.set = set;
        m.temp_path = set->member(path);
        for (const auto& part : m.files_of(path)) set->member(part);  // a shapefile's .shx, .dbf, ...
    } else {
        m.temp_path = temporary_path(path, ::getpid());
        remove_dead_temporaries(dir.string());  // a set does this when it starts
    }
    m.remove_temp();
    m.ds.reset(drv->Create(m.temp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!m.ds) m.fail("driver " + m.driver.name + " cannot create the file", errors);
}

DatasetWriter::~DatasetWriter() {
    if (!m_impl || m_impl->committed) return;
    gdal::ErrorCapture quiet;  // a failed run's cleanup must not throw or print
    if (m_impl->in_transaction && m_impl->ds) m_impl->ds->RollbackTransaction();
    m_impl->ds.reset();
    m_impl->remove_temp();
}

void DatasetWriter::begin_layer(const LayerSpec& spec) {
    gdal::ErrorCapture errors;
    Impl& m = *m_impl;
    if (m.committed || !m.ds) m.fail("begin_layer() after commit()", errors);
    if (m.layers == 0) m.first_layer = spec.name;
    if (m.layers > 0 && !m.driver.multi_layer) m.next_file(spec.name, errors);
    if (m.in_transaction) {
        m.check_transaction(m.ds->CommitTransaction(), "commit transaction", errors);
        m.in_transaction = false;
    }
    OGRwkbGeometryType type = wkbNone;
    if (spec.geometry == GeometryKind::Point) type = wkbPoint;
    if (spec.geometry == GeometryKind::LineString) type = wkbLineString;
    if (spec.geometry == GeometryKind::MultiPolygon) type = wkbMultiPolygon;

    CPLStringList options;
    m.csv_xy = m.driver.name == "CSV" && spec.geometry == GeometryKind::Point;
    if (m.driver.name == "CSV") {
        if (spec.geometry == GeometryKind::LineString || spec.geometry == GeometryKind::MultiPolygon) {
            options.SetNameValue("GEOMETRY", "AS_WKT");
        }
        options.SetNameValue("STRING_QUOTING", "IF_NEEDED");  // default quotes numbers too
        if (m.csv_xy) type = wkbNone;
    }
    if (m.driver.name == "PostgreSQL" || m.driver.name == "GPKG") options.SetNameValue("OVERWRITE", "YES");
    if (m.driver.name == "GPKG") options.SetNameValue("DESCRIPTION", description_of(spec).c_str());
    const OGRSpatialReference* srs = m.has_srs && type != wkbNone ? &m.srs : nullptr;
    m.layer = m.ds->CreateLayer(spec.name.c_str(), const_cast<OGRSpatialReference*>(srs), type, options.List());
    if (!m.layer) m.fail("cannot create layer " + spec.name, errors);
    std::vector<FieldDef> fields = spec.fields;
    if (m.csv_xy) fields.insert(fields.begin(), {{"X", FieldType::Real}, {"Y", FieldType::Real}});
    for (const auto& field : fields) {
        OGRFieldDefn defn(field.name.c_str(), ogr_type(field.type));
        if (m.layer->CreateField(&defn) != OGRERR_NONE) {
            m.fail("cannot create field " + field.name + " in layer " + spec.name, errors);
        }
    }
    if (m.driver.name == "GPKG" && !spec.source.empty()) m.layer->SetMetadataItem("SOURCE", spec.source.c_str());
    m.begin_style(spec);
    m.geometry = spec.geometry;
    m.field_count = spec.fields.size();
    ++m.layers;
    if (m.driver.transactional) {
        m.check_transaction(m.ds->StartTransaction(), "start transaction", errors);
        m.in_transaction = true;
    }
}

void DatasetWriter::add(const std::vector<FieldValue>& values) { m_impl->add_feature(nullptr, values); }

void DatasetWriter::add(const Point& p, const std::vector<FieldValue>& values) {
    if (m_impl->geometry != GeometryKind::Point) {
        throw OutputError("cannot write " + m_impl->path + ": point added to a layer that is not a point layer");
    }
    m_impl->add_feature(new OGRPoint(p.x, p.y), values);
}

void DatasetWriter::add(const LineString& line, const std::vector<FieldValue>& values) {
    if (m_impl->geometry != GeometryKind::LineString) {
        throw OutputError("cannot write " + m_impl->path + ": line added to a layer that is not a line layer");
    }
    auto* geom = new OGRLineString();
    geom->setNumPoints(static_cast<int>(line.size()), FALSE);
    for (std::size_t i = 0; i < line.size(); ++i) geom->setPoint(static_cast<int>(i), line[i].x, line[i].y);
    m_impl->add_feature(geom, values);
}

void DatasetWriter::add_wkb(const std::vector<std::uint8_t>& wkb, const std::vector<FieldValue>& values) {
    Impl& m = *m_impl;
    gdal::ErrorCapture errors;
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) {
        m.fail("unreadable WKB geometry", errors);
    }
    std::unique_ptr<OGRGeometry> geom(raw);
    const auto flat = wkbFlatten(geom->getGeometryType());
    if (m.geometry == GeometryKind::MultiPolygon && flat == wkbPolygon) {
        geom.reset(OGRGeometryFactory::forceToMultiPolygon(geom.release()));
    }
    const auto expected = m.geometry == GeometryKind::Point        ? wkbPoint
                          : m.geometry == GeometryKind::LineString ? wkbLineString
                          : m.geometry == GeometryKind::MultiPolygon ? wkbMultiPolygon
                                                                      : wkbNone;
    if (wkbFlatten(geom->getGeometryType()) != expected) {
        m.fail(std::string(OGRGeometryTypeToName(geom->getGeometryType())) + " added to a layer of another type",
               errors);
    }
    m.add_feature(geom.release(), values);
}

void DatasetWriter::commit() {
    gdal::ErrorCapture errors;
    Impl& m = *m_impl;
    if (m.committed) return;
    if (m.in_transaction) {
        m.check_transaction(m.ds->CommitTransaction(), "commit transaction", errors);
        m.in_transaction = false;
    }
    m.write_styles(errors);
    m.ds->FlushCache();
    m.ds.reset();  // closes: GeoPackage builds its spatial index, FlatGeobuf its file
    if (!errors.last_error().empty()) m.fail("close", errors);
    if (m.uses_temp() && !m.in_set) {
        m.closed_files.emplace_back(m.temp_path, m.current_final);
        for (const auto& [temp, final_path] : m.closed_files) {
            const auto from = m.files_of(temp);
            const auto to = m.files_of(final_path);
            for (std::size_t i = 0; i < from.size(); ++i) {
                if (!fs::exists(from[i])) continue;
                std::error_code ec;
                fs::rename(from[i], to[i], ec);
                if (ec) m.fail("rename from " + from[i] + ": " + ec.message(), errors);
            }
        }
    }
    m.committed = true;
}

}  // namespace midlink::io
