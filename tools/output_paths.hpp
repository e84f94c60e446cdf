#pragma once
// Where the files that go with a main output are written. For a file output they sit
// beside it: OUT_<layer>.csv and OUT.gpkg.diagnostics.csv. A database output
// (PG:"dbname=... host=...") has no folder, so they go to the current folder, named
// after the database: <dbname>_<layer>.csv and <dbname>.diagnostics.csv.
#include <string>

namespace midlink::cli {

/// A GDAL database connection string rather than a file ("PG:...").
bool is_database_output(const std::string& output);

/// OUT_<layer>.csv beside a file output; ./<dbname>_<layer>.csv for a database.
std::string layer_csv_path(const std::string& output, const std::string& layer);

/// OUT.diagnostics.csv beside a file output; ./<dbname>.diagnostics.csv for a database.
std::string diagnostics_csv_path(const std::string& output);

/// Throws OutputError when a file output's folder does not exist (nothing for databases).
void check_output_folder(const std::string& output);

}  // namespace midlink::cli
