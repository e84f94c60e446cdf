// io::read_dataset on a small GeoPackage written here: every layer comes back with its
// columns, NULLs as NULL, geometry taken to EPSG:27700, and non-spatial tables without
// shapes. read_json_entries flattens a manifest.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"
#include "midlink/io/dataset_reader.hpp"
#include "midlink/io/layer_writer.hpp"

using namespace midlink;

namespace {
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("midlink_dsr_" + std::to_string(::getpid()) + "_" + name))
        .string();
}
}  // namespace

TEST(DatasetReader, ReadsEveryLayerWithNullsAndTransformsToBritishNationalGrid) {
    const std::string path = temp_path("t.gpkg");
    {
        io::DatasetWriter w(path, "EPSG:4326");
        w.begin_layer({"lines",
                       io::GeometryKind::LineString,
                       {{"name", io::FieldType::String}, {"time_min", io::FieldType::Real}}});
        // Oakham to Uppingham in longitude, latitude.
        w.add(LineString{{-0.7270, 52.6710}, {-0.7230, 52.5890}},
              {std::string("A6003"), std::monostate{}});
        w.begin_layer({"notes", io::GeometryKind::None, {{"n", io::FieldType::Integer}}});
        w.add({std::int64_t{7}});
        w.commit();
    }
    const midlink::DatasetData d = io::read_dataset(path, "EPSG:27700");
    std::filesystem::remove(path);
    ASSERT_EQ(d.layers.size(), 2u);
    const midlink::LayerData* lines = d.layer("lines");
    ASSERT_NE(lines, nullptr);
    EXPECT_EQ(lines->crs, "EPSG:27700");
    ASSERT_EQ(lines->rows.size(), 1u);
    EXPECT_EQ(std::get<std::string>(lines->rows[0][lines->column("name")]), "A6003");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(lines->rows[0][lines->column("time_min")]));
    ASSERT_EQ(lines->shapes.size(), 1u);
    ASSERT_EQ(lines->shapes[0].kind, midlink::Shape::Kind::Line);
    const auto& line = lines->shapes[0].parts.at(0);
    ASSERT_EQ(line.size(), 2u);
    EXPECT_NEAR(line[0].x, 485900, 300);  // Oakham in BNG metres, x = easting
    EXPECT_NEAR(line[0].y, 308800, 300);
    EXPECT_GT(line[0].y, line[1].y);  // Uppingham is to the south
    const midlink::LayerData* notes = d.layer("notes");
    ASSERT_NE(notes, nullptr);
    EXPECT_FALSE(notes->spatial());
    EXPECT_EQ(std::get<std::int64_t>(notes->rows.at(0).at(0)), 7);
}

TEST(DatasetReader, JsonIsFlattenedAndBadJsonIsAnInputError) {
    const std::string path = temp_path("m.json");
    std::ofstream(path)
        << R"({"version": "0.1.0", "inputs": [{"path": "a.pbf", "bytes": 12}], "ok": true})";
    const auto entries = io::read_json_entries(path);
    std::ofstream(path) << "{ nope";
    EXPECT_THROW(io::read_json_entries(path), InputError);
    std::filesystem::remove(path);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0], (std::pair<std::string, std::string>{"version", "0.1.0"}));
    EXPECT_EQ(entries[1], (std::pair<std::string, std::string>{"inputs[0].path", "a.pbf"}));
    EXPECT_EQ(entries[2], (std::pair<std::string, std::string>{"inputs[0].bytes", "12"}));
    EXPECT_EQ(entries[3], (std::pair<std::string, std::string>{"ok", "true"}));
    EXPECT_THROW(io::read_dataset(temp_path("missing.gpkg")), InputError);
}
