#pragma once
// Distance-decay (impedance) functions f(c) for gravity and FCA measures; c in minutes.
// Definitions: ../shared/docs/metrics.md §1.3.
#include <string>

namespace midlink::analysis {

enum class DecayKind { Binary, Exponential, Power, Linear, Logistic };

struct Decay {
    DecayKind kind = DecayKind::Binary;
    double beta = 0.0;        // exponential rate (1/min) or power exponent
    double threshold_min = 0; // binary and linear: T; logistic: median (minutes)
    double spread_min = 0;    // logistic: spread (minutes)
    double cutoff_min = 0;    // optional hard cut-off c <= c_max (0 = none, except binary/linear use T)

    /// f(c); 0 beyond the cut-off. Power decay guards c -> 0 by using max(c, 1 minute).
    [[nodiscard]] double operator()(double cost_min) const;
    /// Largest cost with a non-zero weight (minutes); infinity when unbounded.
    [[nodiscard]] double reach_min() const;
    /// "exp:0.08", "pow:1.5", "lin:30", "logistic:30:5", "bin:30" (optionally ":max=60").
    [[nodiscard]] std::string spec() const;
};

/// Parses "exp:0.08", "pow:1.5", "lin:30", "logistic:30:5", "bin:30", with an optional
/// trailing ":max=60" cut-off. Throws ConfigError naming the text.
Decay parse_decay(const std::string& text);

}  // namespace midlink::analysis
