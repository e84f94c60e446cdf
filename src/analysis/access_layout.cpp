#include "access_layout.hpp"

#include <sstream>

namespace midlink::analysis::detail {
namespace {
std::string minutes(double t) { return column_token(t); }
}  // namespace

Layout make_layout(const AccessInputs& in) {
    Layout L;
    auto add = [&](ColumnRole role, std::size_t m, std::uint32_t s, std::string name, std::string desc,
                   bool null_when_unreached, double t = 0.0, int n = 1, std::size_t acc = 0) {
        L.plans.push_back({role, m, s, t, n, L.columns.size(), acc});
        L.columns.push_back({in.services[s] + "_" + name, std::move(desc), null_when_unreached});
    };
    for (std::size_t m = 0; m < in.measures.size(); ++m) {
        const Measure& ms = in.measures[m];
        std::size_t acc = 0;
        if (ms.kind == MeasureKind::Fca2s || ms.kind == MeasureKind::Bfca || ms.kind == MeasureKind::BfcaSupply ||
            ms.kind == MeasureKind::HansenPassive) {
            acc = L.accumulators.size();
            L.accumulators.push_back({m, ms.kind == MeasureKind::Bfca || ms.kind == MeasureKind::BfcaSupply,
                                      ms.kind == MeasureKind::Bfca});
            if (ms.kind != MeasureKind::HansenPassive) L.needs_second_pass = true;
        }
        for (std::uint32_t s = 0; s < in.services.size(); ++s) {
            switch (ms.kind) {
                case MeasureKind::Nearest:
                    add(ColumnRole::Nearest, m, s, "nearest_min", "travel time to the nearest destination (minutes)", true);
                    break;
                case MeasureKind::Nth:
                    add(ColumnRole::Nth, m, s, "nth" + std::to_string(ms.n) + "_min",
                        "travel time to the " + std::to_string(ms.n) + "-th nearest destination (minutes)", true, 0.0, ms.n);
                    break;
                case MeasureKind::Cumulative:
                    for (double t : ms.times_min) {
                        add(ColumnRole::Cumulative, m, s, "cum" + minutes(t),
                            "opportunities reachable within " + minutes(t) + " minutes (sum of destination weights)", false, t);
                    }
                    break;
                case MeasureKind::Jts:
                    add(ColumnRole::JtsAmt, m, s, "jts_amt_min",
                        "DfT JTS average minimum travel time (minutes; population-weighted over reachable origins)", true);
                    for (double t : ms.times_min) {
                        add(ColumnRole::JtsDest, m, s, "jts_dest" + minutes(t),
                            "DfT JTS destination indicator: share of users reaching a destination within " + minutes(t) + " minutes", false, t);
                    }
                    for (double t : ms.times_min) {
                        add(ColumnRole::JtsOrig, m, s, "jts_orig" + minutes(t),
                            "DfT JTS origin indicator: destinations within " + minutes(t) + " minutes, capped at 10", false, t);
                    }
                    break;
                case MeasureKind::Hansen:
                    add(ColumnRole::Hansen, m, s, "hansen_" + ms.decay.spec(), "Hansen gravity accessibility, sum of O_j f(c_ij), f = " + ms.decay.spec(), false);
                    break;
                case MeasureKind::Fca2s:
                    add(ColumnRole::Fca, m, s, "2sfca_" + ms.decay.spec(),
                        std::string(ms.decay.kind == DecayKind::Binary ? "2SFCA (Luo & Wang 2003)" : "enhanced 2SFCA") +
                            ", supply per person, f = " + ms.decay.spec(), false, 0.0, 1, acc);
                    break;
                case MeasureKind::Bfca:
                    add(ColumnRole::Fca, m, s, "bfca_" + ms.decay.spec(),
                        "balanced FCA (Paez et al. 2019), supply per person, f = " + ms.decay.spec(), false, 0.0, 1, acc);
                    break;
                case MeasureKind::BfcaSupply:
                    add(ColumnRole::Fca, m, s, "bfca_supply_" + ms.decay.spec(),
                        "supply-preserving balanced FCA (row-normalised f in both steps; sum of P_i A_i = sum of O_j), "
                        "supply per person, f = " + ms.decay.spec(), false, 0.0, 1, acc);
                    break;
                case MeasureKind::HansenPassive: break;  // a destination column
            }
        }
    }
    // Column names must be valid field names: no ':' or '=' or '.'.
    for (auto& c : L.columns) {
        for (auto& ch : c.name) {
            if (ch == ':' || ch == '.' || ch == '=' || ch == '|' || ch == ' ') ch = '_';
        }
    }
    L.plans_by_service.assign(in.services.size(), {});
    for (std::size_t p = 0; p < L.plans.size(); ++p) L.plans_by_service[L.plans[p].service].push_back(p);
    return L;
}

}  // namespace midlink::analysis::detail
