#include "midlink/analysis/coverage.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "midlink/analysis/area_rollup.hpp"
#include "midlink/core/error.hpp"

namespace midlink::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t N = kCoverageTierCount;

bool is_speed_tier(CoverageTier t) {
    return t != CoverageTier::FullFibre && t != CoverageTier::Nga && t != CoverageTier::FwaDecent &&
           t != CoverageTier::FwaSuperfast && t < CoverageTier::BdukWhite;
}
bool is_bduk_tier(CoverageTier t) { return t >= CoverageTier::BdukWhite; }

std::string lower_alnum(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

AreaCoverage::AreaCoverage() {
    count.fill(kNaN);
    basis.fill(kNaN);
    pct.fill(kNaN);
}

void check_coverage_options(const CoverageOptions& options) {
    if (options.superfast_mbps != 30 && options.superfast_mbps != 24)
        throw ConfigError("--superfast-mbps must be 30 (Ofcom) or 24 (older BDUK contracts)");
    if (options.ultrafast_mbps != 300 && options.ultrafast_mbps != 100)
        throw ConfigError("--ultrafast-mbps must be 300 (Ofcom) or 100 (UK government)");
}

void apply_published_thresholds(CoverageRelease& rel, const CoverageOptions& options,
                                Diagnostics& diagnostics) {
    const std::size_t sf = tier_index(CoverageTier::Superfast);
    if (options.superfast_mbps != 30 && rel.published[sf]) {
        rel.published[sf] = false;
        for (auto& r : rel.records) r.count[sf] = r.pct[sf] = {};
        diagnostics.add("threshold_not_published", rel.source,
                        "Ofcom publishes superfast at 30 Mbit/s only; superfast at " +
                            std::to_string(options.superfast_mbps) +
                            " Mbit/s is NULL for release " + rel.label);
    }
    const std::size_t u100 = tier_index(CoverageTier::Ultrafast100);
    if (options.ultrafast_mbps == 100 && !rel.published[u100] && rel.level != CoverageLevel::Area) {
        diagnostics.add(
            "threshold_not_published", rel.source,
            "release " + rel.label + " has no 100 Mbit/s ultrafast column; ultrafast is NULL");
    }
}

double tier_download_mbps(std::string_view tier_name) {
    static constexpr std::pair<std::string_view, double> kSpeeds[] = {
        {"gigabit", 1000.0}, {"ultrafast300", 300.0}, {"ultrafast100", 100.0}, {"superfast", 30.0}};
    for (const auto& [name, mbps] : kSpeeds) {
        if (name == tier_name) return mbps;
    }
    return kNaN;
}

std::vector<OutputTier> output_tiers(const CoverageOptions& options) {
    std::vector<OutputTier> out;
    for (std::size_t i = 0; i < N; ++i) {
        const auto t = static_cast<CoverageTier>(i);
        if (t == CoverageTier::Ultrafast300 && options.ultrafast_mbps != 300) continue;
        if (t == CoverageTier::Ultrafast100 && options.ultrafast_mbps != 100) continue;
        const bool ultra = t == CoverageTier::Ultrafast300 || t == CoverageTier::Ultrafast100;
        out.push_back({ultra ? "ultrafast" : kCoverageTiers[i].name, t});
    }
    return out;
}

AreaCoverage area_coverage(const CoverageRecord& r) {
    AreaCoverage a;
    a.components = 1;
    a.merged_from = r.merged_from;
    a.unknown_speed = r.unknown_speed;
    a.unknown_technology = r.unknown_technology;
    a.unknown_bduk = r.unknown_bduk;
    const bool have_premises = r.premises.known();
    if (have_premises) a.premises = r.premises.value;
    if (r.premises.withheld()) a.premises_withheld = 1;
    for (std::size_t t = 0; t < N; ++t) {
        const CoverageValue& c = r.count[t];
        const CoverageValue& p = r.pct[t];
        a.published[t] = c.state != ValueState::NotPublished || p.state != ValueState::NotPublished;
        if (!a.published[t]) continue;
        if (c.known() && have_premises) {
            // Points with an unknown status are outside this tier's denominator.
            const auto tier = static_cast<CoverageTier>(t);
            double unknown = 0.0;
            if (tier == CoverageTier::FullFibre)
                unknown = r.unknown_technology;
            else if (is_bduk_tier(tier))
                unknown = r.unknown_bduk;
            else if (is_speed_tier(tier))
                unknown = r.unknown_speed;
            a.count[t] = c.value;
            a.basis[t] = r.premises.value - unknown;
            a.pct[t] = a.basis[t] > 0 ? 100.0 * c.value / a.basis[t] : kNaN;
        } else if (c.state == ValueState::NotPublished && p.known()) {
            // A share without a count column: kept as published. With premises it still
            // weighs by premises in a roll-up (share x premises); without (Ofcom 2016,
            // 2017) it cannot be weighted at all.
            a.pct[t] = p.value;
            a.pct_published_only[t] = true;
            if (have_premises) {
                a.count[t] = p.value * r.premises.value / 100.0;
                a.basis[t] = r.premises.value;
            }
        } else if (c.withheld() || (c.state == ValueState::NotPublished && p.withheld()) ||
                   (c.known() && !have_premises)) {
            a.withheld[t] = 1;
        }
    }
    return a;
}

std::vector<AreaCoverage> roll_up(const std::vector<const AreaCoverage*>& fine,
                                  const std::vector<std::int64_t>& group, std::size_t groups) {
    auto out = roll_up_groups<AreaCoverage>(group, groups, [&](AreaCoverage& g, std::size_t i) {
        if (!fine[i]) return;
        const AreaCoverage& f = *fine[i];
        g.components += f.components;
        g.premises_withheld += f.premises_withheld;
        g.unknown_speed += f.unknown_speed;
        g.unknown_technology += f.unknown_technology;
        g.unknown_bduk += f.unknown_bduk;
        if (!std::isnan(f.premises))
            g.premises = std::isnan(g.premises) ? f.premises : g.premises + f.premises;
        for (std::size_t t = 0; t < N; ++t) {
            if (!f.published[t]) continue;
            g.published[t] = true;
            g.withheld[t] += f.withheld[t];
            if (std::isnan(f.count[t]) || std::isnan(f.basis[t])) {
                // A share without premises behind it cannot be weighted: withheld, not averaged.
                if (f.pct_published_only[t]) g.withheld[t] += f.components;
                continue;
            }
            g.count[t] = std::isnan(g.count[t]) ? f.count[t] : g.count[t] + f.count[t];
            g.basis[t] = std::isnan(g.basis[t]) ? f.basis[t] : g.basis[t] + f.basis[t];
        }
    });
    for (auto& g : out) {
        for (std::size_t t = 0; t < N; ++t) {
            if (!std::isnan(g.count[t]) && g.basis[t] > 0)
                g.pct[t] = 100.0 * g.count[t] / g.basis[t];
        }
    }
    return out;
}

KeyedCoverage key_release(const CoverageRelease& release, const CodeLookup& lookup,
                          Diagnostics& diagnostics, const std::vector<std::string>* wanted) {
    KeyedCoverage k;
    for (const auto& r : release.records) {
        k.by_code.emplace(r.code, area_coverage(r));
        if (!r.name.empty()) k.names.emplace(r.code, r.name);
    }
    // New codes built from old ones, in code order (deterministic output).
    std::map<std::string, std::vector<std::string>> sources;
    const std::set<std::string> wanted_set =
        wanted ? std::set<std::string>(wanted->begin(), wanted->end()) : std::set<std::string>{};
    for (const auto& [from, to] : lookup) {
        if (wanted && !wanted_set.contains(to)) continue;
        if (k.by_code.contains(from)) sources[to].push_back(from);
    }
    for (auto& [to, from] : sources) {
        if (k.by_code.contains(to)) {
            diagnostics.add("lookup_not_needed", release.source + ", code " + to,
                            "the release has " + to + " itself; its old codes are not added to it",
                            Severity::Info);
            continue;
        }
        std::sort(from.begin(), from.end());
        std::vector<const AreaCoverage*> parts;
        for (const auto& f : from) parts.push_back(&k.by_code.at(f));
        AreaCoverage merged = roll_up(parts, std::vector<std::int64_t>(parts.size(), 0), 1).front();
        merged.merged_from = from;
        std::size_t expected = 0;
        for (const auto& [f, t] : lookup) expected += t == to;
        if (from.size() < expected) {
            // Normal across a chain of changes (a release has either the older or the
            // intermediate codes), so information only.
            std::string present;  // not a lambda: clang 15 cannot capture structured bindings
            for (const auto& f : from) present += (present.empty() ? "" : ", ") + f;
            diagnostics.add("lookup_partial", release.source + ", code " + to,
                            std::to_string(from.size()) + " of the " + std::to_string(expected) +
                                " codes the lookup maps to " + to + " are in the release: " +
                                present,
                            Severity::Info);
        }
        if (std::isnan(merged.premises)) {
            diagnostics.add("lookup_without_counts", release.source + ", code " + to,
                            "the release publishes shares without premises counts, so the " +
                                std::to_string(from.size()) +
                                " old codes cannot be summed; shares left NULL (never averaged)");
        }
        k.consumed.insert(k.consumed.end(), from.begin(), from.end());
        k.by_code.insert_or_assign(to, std::move(merged));
    }
    std::sort(k.consumed.begin(), k.consumed.end());
    return k;
}

CoverageMatch match_areas(const KeyedCoverage& keyed, const std::vector<std::string>& area_codes) {
    CoverageMatch m;
    std::set<std::string> wanted(area_codes.begin(), area_codes.end());
    for (const auto& code : area_codes) {
        const auto it = keyed.by_code.find(code);
        m.by_area.push_back(it == keyed.by_code.end() ? nullptr : &it->second);
        if (it == keyed.by_code.end()) m.unmatched_areas.push_back(code);
    }
    for (const auto& [code, cov] : keyed.by_code) {
        if (!wanted.contains(code) &&
            !std::binary_search(keyed.consumed.begin(), keyed.consumed.end(), code))
            m.unmatched_codes.push_back(code);
    }
    return m;
}

CoverageRelease count_premises(const std::vector<PremisesStatus>& premises,
                               const std::vector<std::int64_t>& area_of,
                               const std::vector<std::string>& area_codes,
                               const CoverageOptions& options, bool have_speed, bool have_up,
                               bool have_technology, bool have_bduk, Diagnostics& diagnostics) {
    CoverageRelease rel;
    rel.level = CoverageLevel::Area;
    std::vector<bool> tiers(N, false);
    if (have_speed) {
        for (std::size_t t = 0; t < N; ++t) {
            const auto tier = static_cast<CoverageTier>(t);
            tiers[t] = is_speed_tier(tier);
        }
    }
    if (have_technology) tiers[tier_index(CoverageTier::FullFibre)] = true;
    if (have_bduk) {
        for (auto t : {CoverageTier::BdukWhite, CoverageTier::BdukGrey, CoverageTier::BdukBlack,
                       CoverageTier::BdukUnderReview})
            tiers[tier_index(t)] = true;
    }
    for (std::size_t t = 0; t < N; ++t) rel.published[t] = tiers[t];
    rel.records.resize(area_codes.size());
    for (std::size_t a = 0; a < area_codes.size(); ++a) {
        auto& r = rel.records[a];
        r.code = area_codes[a];
        r.premises = {0.0, ValueState::Known};
        for (std::size_t t = 0; t < N; ++t) {
            if (tiers[t]) r.count[t] = {0.0, ValueState::Known};
        }
    }
    std::size_t bad_class = 0;
    for (std::size_t i = 0; i < premises.size(); ++i) {
        if (area_of[i] < 0) continue;
        const PremisesStatus& p = premises[i];
        auto& r = rel.records[static_cast<std::size_t>(area_of[i])];
        r.premises.value += 1.0;
        const auto add = [&](CoverageTier t) { r.count[tier_index(t)].value += 1.0; };
        if (have_speed) {
            const double d = p.down_mbps;
            if (std::isnan(d)) {
                r.unknown_speed += 1.0;
            } else {
                if (d >= options.superfast_mbps) add(CoverageTier::Superfast);
                if (d >= 300) add(CoverageTier::Ultrafast300);
                if (d >= 100) add(CoverageTier::Ultrafast100);
                if (d >= 1000) add(CoverageTier::Gigabit);
                const bool up_low = have_up && !std::isnan(p.up_mbps) && p.up_mbps < 1.0;
                if (d < 10 || up_low) add(CoverageTier::BelowUso);
                if (d < 2) add(CoverageTier::Unable2);
                if (d < 5) add(CoverageTier::Unable5);
                if (d < 10) add(CoverageTier::Unable10);
                if (d < 30) add(CoverageTier::Unable30);
                if (d < 2)
                    add(CoverageTier::Band0to2);
                else if (d < 5)
                    add(CoverageTier::Band2to5);
                else if (d < 10)
                    add(CoverageTier::Band5to10);
                else if (d < 30)
                    add(CoverageTier::Band10to30);
                else if (d < 300)
                    add(CoverageTier::Band30to300);
                else
                    add(CoverageTier::Band300Plus);
            }
        }
        if (have_technology) {
            const std::string tech = lower_alnum(p.technology);
            if (tech.empty())
                r.unknown_technology += 1.0;
            else if (tech == "fttp" || tech == "ftth" || tech == "fullfibre" ||
                     tech == "fibretothepremises")
                add(CoverageTier::FullFibre);
        }
        if (have_bduk) {
            CoverageTier c{};
            if (parse_bduk_class(p.bduk_class, c)) {
                add(c);
            } else {
                r.unknown_bduk += 1.0;
                ++bad_class;
            }
        }
    }
    // Speed-only tiers have no use without speeds; NGA and FWA are never derived here.
    for (auto t : {CoverageTier::Nga, CoverageTier::FwaDecent, CoverageTier::FwaSuperfast})
        rel.published[tier_index(t)] = false;
    if (bad_class > 0) {
        diagnostics.add("unknown_bduk_class", "premises",
                        std::to_string(bad_class) +
                            " premises have an empty or unrecognised BDUK class (expected White, "
                            "Grey, Black or Under review); left out of the class counts");
    }
    return rel;
}

std::array<TierTrend, kCoverageTierCount> tier_trends(
    const std::vector<const AreaCoverage*>& per_release) {
    std::array<TierTrend, N> out{};
    for (std::size_t t = 0; t < N; ++t) {
        int first = -1;
        int last = -1;
        for (std::size_t r = 0; r < per_release.size(); ++r) {
            const AreaCoverage* a = per_release[r];
            if (!a || std::isnan(a->pct[t])) continue;
            if (first < 0) first = static_cast<int>(r);
            last = static_cast<int>(r);
        }
        if (first < 0 || first == last) continue;
        out[t].first = first;
        out[t].last = last;
        out[t].first_pct = per_release[static_cast<std::size_t>(first)]->pct[t];
        out[t].last_pct = per_release[static_cast<std::size_t>(last)]->pct[t];
    }
    return out;
}

}  // namespace midlink::analysis
