// Keyed numeric tables (population by LSOA, jobs by MSOA...) and matching them to area
// codes. Several rows per key are normal in ONS/Census downloads (one per age band).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <unordered_set>

#include "midlink/io/csv_table.hpp"
#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

/// Accumulates rows into the table and reports as it goes.
class ValueCollector {
  public:
    ValueCollector(const ValueTableOptions& options, Diagnostics& diagnostics)
        : m_options(options), m_diagnostics(diagnostics) {}

    void add(const std::string& where, std::string_view key_text, std::string_view value_text) {
        const std::string key(detail::trim(key_text));
        const std::string_view value_trimmed = detail::trim(value_text);
        double value = 0.0;
        if (key.empty()) {
            m_diagnostics.add("missing_key", where,
                              "empty " + m_options.key_field + "; row skipped");
            return;
        }
        if (!detail::parse_double(value_trimmed, value)) {
            m_diagnostics.add("bad_value", where,
                              "value '" + std::string(value_trimmed) + "' in field '" +
                                  m_options.value_field + "' is not a number; row skipped");
            return;
        }
        // Summed tables hold counts (population by age band, jobs): a key with a negative
        // row is left out whole (NULL), never summed into a smaller number.
        if (m_options.sum_duplicates && value < 0.0) {
            if (m_negative.insert(key).second) {
                m_diagnostics.add("negative_value", where,
                                  "value " + std::string(value_trimmed) + " in field '" +
                                      m_options.value_field + "' is negative; key '" + key +
                                      "' is left out (NULL)");
            }
            return;
        }
        auto [it, inserted] = m_table.emplace(key, value);
        if (inserted) return;
        if (m_options.sum_duplicates) {
            it->second += value;
            m_repeated.insert(key);
        } else {
            m_diagnostics.add("duplicate_key", where,
                              "key '" + key + "' seen before; the first row is kept");
        }
    }

    std::unordered_map<std::string, double> finish(const std::string& source) {
        for (const auto& key : m_negative) m_table.erase(key);
        if (!m_repeated.empty()) {
            m_diagnostics.add("summed_duplicate_keys", source,
                              std::to_string(m_repeated.size()) + " of " +
                                  std::to_string(m_table.size()) +
                                  " keys had several rows; their values were summed",
                              Severity::Info);
        }
        return std::move(m_table);
    }

  private:
    const ValueTableOptions& m_options;
    Diagnostics& m_diagnostics;
    std::unordered_map<std::string, double> m_table;
    std::unordered_set<std::string> m_repeated;
    std::unordered_set<std::string> m_negative;  // keys with a negative row (summed tables)
};

void check_fields(const ValueTableOptions& options) {
    if (options.key_field.empty() || options.value_field.empty()) {
        throw ConfigError(options.path +
                          ": a value table needs both a key field and a value field");
    }
}

std::unordered_map<std::string, double> read_csv_values(const ValueTableOptions& options,
                                                        Diagnostics& diagnostics) {
    const CsvTable table = read_csv_file(options.path);
    const auto column = [&](const std::string& name, const char* what) {
        const int c = table.column(name);
        if (c < 0) {
            throw ConfigError(std::string(what) + " '" + name + "' is not a column of " +
                              options.path + "; columns: " + detail::join_names(table.header()));
        }
        return static_cast<std::size_t>(c);
    };
    const std::size_t key = column(options.key_field, "key field");
    const std::size_t value = column(options.value_field, "value field");
    const std::string file = std::filesystem::path(options.path).filename().string();
    ValueCollector collector(options, diagnostics);
    for (const auto& record : table.records()) {
        collector.add(file + ", row " + std::to_string(record.row), record.fields[key],
                      record.fields[value]);
    }
    return collector.finish(options.path);
}

std::unordered_map<std::string, double> read_gdal_values(const ValueTableOptions& options,
                                                         Diagnostics& diagnostics) {
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(options.path, options.input);
    OGRLayer* chosen = nullptr;
    if (!options.layer.empty()) {
        chosen = ds->GetLayerByName(options.layer.c_str());
        if (!chosen) throw InputError(options.path + ": no layer '" + options.layer + "'");
    } else if (ds->GetLayerCount() != 1) {
        std::string names;
        for (auto* l : ds->GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
        throw InputError(options.path + ": expected one table, found " + std::to_string(ds->GetLayerCount()) +
                         " layers (" + names + "); name one");
    } else {
        chosen = ds->GetLayer(0);
    }
    OGRLayer& layer = *chosen;
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const auto field = [&](const std::string& name, const char* what) {
        const int f = defn.GetFieldIndex(name.c_str());
        if (f < 0) {
            throw ConfigError(std::string(what) + " '" + name + "' is not a field of " +
                              options.path + "; fields: " + gdal::field_list(defn));
        }
        return f;
    };
    const int key = field(options.key_field, "key field");
    const int value = field(options.value_field, "value field");
    const std::string file = std::filesystem::path(options.path).filename().string();
    ValueCollector collector(options, diagnostics);
    gdal::FeatureLoop features(layer, file + ", layer " + layer.GetName(), options.input, &diagnostics);
    while (const auto feature = features.next()) {
        const auto text = [&](int f) {
            return feature->IsFieldSetAndNotNull(f) ? std::string(feature->GetFieldAsString(f))
                                                    : std::string();
        };
        collector.add(file + ", feature " + std::to_string(feature->GetFID()), text(key),
                      text(value));
    }
    return collector.finish(options.path);
}

}  // namespace

std::unordered_map<std::string, double> read_value_table(const ValueTableOptions& options,
                                                         Diagnostics& diagnostics) {
    check_fields(options);
    return detail::is_csv_path(options.path) ? read_csv_values(options, diagnostics)
                                             : read_gdal_values(options, diagnostics);
}

ValueMatch match_codes(const std::vector<std::string>& wanted,
                       const std::unordered_map<std::string, double>& table) {
    ValueMatch out;
    out.values.reserve(wanted.size());
    std::unordered_set<std::string> used;
    for (const auto& code : wanted) {
        const auto it = table.find(code);
        if (it == table.end()) {
            out.values.push_back(std::numeric_limits<double>::quiet_NaN());
            out.unmatched_wanted.push_back(code);
            continue;
        }
        out.values.push_back(it->second);
        used.insert(code);
        ++out.matched;
    }
    for (const auto& [key, value] : table) {
        if (!used.contains(key)) out.unmatched_table.push_back(key);
    }
    std::sort(out.unmatched_table.begin(), out.unmatched_table.end());
    return out;
}

}  // namespace midlink::io
