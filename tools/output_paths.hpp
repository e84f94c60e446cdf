#pragma once
// Where the files that go with a main output are written. For a file output they sit
// beside it: OUT_<layer>.csv and OUT.gpkg.diagnostics.csv. A database output
// (PG:"dbname=... host=...") has no folder, so they go to the current folder, named
// after the database: <dbname>_<layer>.csv and <dbname>.diagnostics.csv.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "midlink/io/layer_writer.hpp"

namespace midlink::cli {

/// OUT_<layer>.csv beside a file output; ./<dbname>_<layer>.csv for a database.
std::string layer_csv_path(const std::string& output, const std::string& layer);

/// OUT.diagnostics.csv beside a file output; ./<dbname>.diagnostics.csv for a database.
std::string diagnostics_csv_path(const std::string& output);

/// Throws OutputError when a file output's folder does not exist (nothing for databases).
void check_output_folder(const std::string& output);

/// A main output (GeoPackage, PostGIS, ...) whose layers each get a CSV beside it with the
/// same rows and no geometry, as `access`, `coverage` and `fibre-cost` write them.
class LayersWithCsv {
public:
    LayersWithCsv(const std::string& output, const std::string& crs) : m_output(output), m_main(output, crs) {}
    /// Writes the layer's rows: called once for the main output (spatial) and once for the CSV.
    using Rows = std::function<void(io::DatasetWriter&, bool spatial)>;
    void write(const std::string& name, io::GeometryKind kind, const std::vector<io::FieldDef>& fields, const Rows& rows);
    /// The main output, for tables that need no CSV beside them.
    io::DatasetWriter& main() { return m_main; }
    /// The CSVs, then the main output: a failure before this leaves no output in place.
    void commit();

private:
    std::string m_output;
    io::DatasetWriter m_main;
    std::vector<std::unique_ptr<io::DatasetWriter>> m_csvs;
};

}  // namespace midlink::cli
