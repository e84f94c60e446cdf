#pragma once
// The --measures SPEC of `midlink access`: a comma list such as
//   nearest,nth:3,cumulative:15|30|45|60,jts:15|30|45|60,hansen:exp:0.08,2sfca:30,bfca:exp:0.08
// Times are minutes. Definitions: ../shared/docs/metrics.md §1.
#include <string>
#include <vector>

#include "midlink/analysis/decay.hpp"

namespace midlink::analysis {

enum class MeasureKind {
    Nearest,         // cost to the nearest destination (min)
    Nth,             // cost to the n-th nearest destination (min)
    Cumulative,      // Σ O_j 1[c_ij <= T] for each T
    Jts,             // DfT JTS: average minimum time, destination and origin indicators per T
    Hansen,          // Σ O_j f(c_ij) (active)
    HansenPassive,   // Σ_i P_i f(c_ij) per destination (passive)
    Fca2s,           // 2SFCA (Luo & Wang 2003); binary decay = original, other = enhanced
    Bfca,            // balanced FCA (Paez et al. 2019): preserves population and level of service
    BfcaSupply,      // balanced FCA, row-normalised in both steps: preserves total supply
};

struct Measure {
    MeasureKind kind = MeasureKind::Nearest;
    int n = 1;                        // Nth
    std::vector<double> times_min;    // Cumulative, Jts
    Decay decay;                      // Hansen, HansenPassive, Fca2s, Bfca, BfcaSupply
    std::string text;                 // as given, for metadata
};

/// Throws ConfigError naming the offending item.
std::vector<Measure> parse_measures(const std::string& spec);

/// Largest travel time any measure needs (minutes); `unbounded_min` when a measure has no
/// natural limit (nearest, nth, exponential decay without max=).
double search_limit_min(const std::vector<Measure>& measures, double unbounded_min);

/// "0.08" -> "0p08": column names that QGIS expressions accept without quoting.
std::string column_token(double v);

}  // namespace midlink::analysis
