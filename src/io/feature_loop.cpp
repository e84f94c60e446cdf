#include "feature_loop.hpp"

#include <algorithm>

#include "midlink/core/error.hpp"

namespace midlink::io::gdal {
namespace {
// After this many failed reads in a row a skipping loop gives up on the rest of the layer
// (some drivers keep failing at the same place instead of moving on).
constexpr int kMaxFailuresInARow = 100;
}  // namespace

FeatureLoop::FeatureLoop(OGRLayer& layer, std::string where, const InputPolicy& policy, Diagnostics* diagnostics,
                         bool filtered)
    : m_layer(layer), m_where(std::move(where)), m_policy(policy), m_diagnostics(diagnostics) {
    // Without force GDAL answers only when the count is cheap and known (GeoPackage
    // contents table, shapefile header, FlatGeobuf header, ...).
    if (!filtered) m_declared = m_layer.GetFeatureCount(FALSE);
    m_errors.clear();
    m_layer.ResetReading();
}

std::string FeatureLoop::after_last() const {
    return m_last_fid == OGRNullFID ? "the first feature" : "the feature after feature " + std::to_string(m_last_fid);
}

void FeatureLoop::bad_feature(const std::string& feature, const std::string& problem, std::int64_t count) {
    if (!m_policy.skip_bad_features) {
        throw InputError(m_where + ", " + feature + ": " + problem +
                         "; the file is damaged (pass --skip-bad-features to use the features that can be read)");
    }
    m_skipped += count;
    if (m_diagnostics) m_diagnostics->add("unreadable_feature", m_where + ", " + feature, problem + "; skipped");
}

OGRFeatureUniquePtr FeatureLoop::next() {
    if (m_done) return nullptr;
    for (int failures = 0;;) {
        m_errors.clear();
        CPLErrorReset();
        OGRFeatureUniquePtr feature(m_layer.GetNextFeature());
        std::string error = m_errors.last_error();
        if (error.empty() && CPLGetLastErrorType() >= CE_Failure) error = CPLGetLastErrorMsg();
        if (error.empty()) {
            if (!feature) {
                finish();
                return nullptr;
            }
            m_last_fid = feature->GetFID();
            ++m_read;
            return feature;
        }
        const std::string which = feature ? "feature " + std::to_string(feature->GetFID()) : after_last();
        bad_feature(which, "GDAL could not read it: " + error, 1);
        if (feature) m_last_fid = feature->GetFID();
        if (++failures >= kMaxFailuresInARow) {
            finish();
            return nullptr;
        }
    }
}

void FeatureLoop::finish() {
    m_done = true;
    if (m_declared >= 0 && m_read + m_skipped < m_declared) {
        const std::int64_t missing = m_declared - m_read - m_skipped;
        bad_feature(after_last(),
                    "the layer ends after " + std::to_string(m_read) + " of its " + std::to_string(m_declared) +
                        " declared features (" + std::to_string(missing) + " unreadable)",
                    missing);
    }
    if (m_skipped > 0 && m_policy.warn) {
        m_policy.warn(m_where + ": " + std::to_string(m_skipped) + " of " +
                      std::to_string(std::max<std::int64_t>(m_declared, m_read + m_skipped)) +
                      " features could not be read and were skipped (--skip-bad-features)");
    }
}

}  // namespace midlink::io::gdal
