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
#include "midlink/io/output_set.hpp"

namespace midlink::workflow {

/// OUT_<layer>.csv beside a file output; ./<dbname>_<layer>.csv for a database.
std::string layer_csv_path(const std::string& output, const std::string& layer);

/// OUT.diagnostics.csv beside a file output; ./<dbname>.diagnostics.csv for a database.
std::string diagnostics_csv_path(const std::string& output);

/// Throws OutputError when a file output's folder does not exist (nothing for databases),
/// and ConfigError for an extension midlink cannot write (io::check_vector_output_path;
/// .tif and .html are the raster's and the report's).
void check_output_folder(const std::string& output);

/// The output set of a main output (docs/outputs.md): anchored on the file itself, or for a
/// database on ./<dbname>, which its sidecars are named after. Takes the output's lock.
io::OutputSet open_output_set(const std::string& output);
/// The anchor open_output_set uses (for an io::OutputSet built in place, e.g. in std::optional).
std::string output_set_anchor(const std::string& output);

/// A main output (GeoPackage, PostGIS, ...) whose layers each get a CSV beside it with the
/// same rows and no geometry, as `access`, `coverage` and `fibre-cost` write them.
class LayersWithCsv {
public:
    /// Every file is a member of `set`; the caller commits the set after commit().
    LayersWithCsv(io::OutputSet& set, const std::string& output, const std::string& crs)
        : m_set(set), m_output(output), m_main(output, crs, "", &set) {}
    /// Writes the layer's rows: called once for the main output (spatial) and once for the CSV.
    using Rows = std::function<void(io::DatasetWriter&, bool spatial)>;
    void write(const std::string& name, io::GeometryKind kind, const std::vector<io::FieldDef>& fields, const Rows& rows);
    /// The main output, for tables that need no CSV beside them.
    io::DatasetWriter& main() { return m_main; }
    /// Closes the CSVs and the main output; the set's commit() puts them in place.
    void commit();

private:
    io::OutputSet& m_set;
    std::string m_output;
    io::DatasetWriter m_main;
    std::vector<std::unique_ptr<io::DatasetWriter>> m_csvs;
};

}  // namespace midlink::workflow
