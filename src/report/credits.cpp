#include "midlink/report/credits.hpp"

#include <algorithm>
#include <cctype>

namespace midlink::report {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool matches(const CreditRule& r, const std::string& path) {
    const std::string p = lower(path);
    for (const char* c : r.path_contains) {
        if (p.find(c) != std::string::npos) return true;
    }
    for (const char* e : r.path_ends) {
        const std::string end(e);
        if (p.size() >= end.size() && p.compare(p.size() - end.size(), end.size(), end) == 0)
            return true;
    }
    return false;
}

}  // namespace

const std::vector<CreditRule>& credit_rules() {
    // Documented in docs/cli/report.md ("Data credits"); keep the two in step.
    static const std::vector<CreditRule> rules{
        {"OS",
         {"openroads", "open-roads", "open_roads", "os-open", "os_open", "oproad", "ordnance"},
         {},
         "Contains OS data © Crown copyright and database right."},
        {"ONS",
         {"ons-", "/ons/", "drkane", "geo-lookups", "lsoa", "msoa", "ltla", "census", "/lad-",
          "/lad_", "lad2", "nomis"},
         {},
         "Contains National Statistics data © Crown copyright and database right; source: "
         "Office for National Statistics licensed under the Open Government Licence v3.0."},
        {"ONS boundaries (OS)",
         {"ons-uk-topojson", "lsoa21-midlands", "boundar"},
         {},
         "Contains OS data © Crown copyright and database right."},
        {"OpenStreetMap",
         {"openstreetmap"},
         {".osm.pbf", ".osm", ".osm.bz2", ".o5m"},
         "© OpenStreetMap contributors, available under the Open Database Licence (ODbL)."},
        {"Ofcom",
         {"ofcom", "connected-nations", "connected_nations", "connectednations"},
         {},
         "Contains Ofcom data licensed under the Open Government Licence v3.0 (Connected "
         "Nations)."},
        {"Strategic road network",
         {"srn_region_graph", "srn-network-graph", "srn/", "srn_"},
         {},
         "Strategic road network graph: T. Strain, R. E. Wilson and R. Littleworth (2023), "
         "Patrol Regimes for Traffic Officers in Transportation Asset Monitoring, "
         "Transportation Research Record 2677(1), 1039–1058, doi:10.1177/03611981221103243. "
         "Contains National Highways information licensed under the Open Government Licence "
         "v3.0."},
    };
    return rules;
}

std::vector<Credit> gather_credits(
    const std::vector<std::string>& input_paths,
    const std::vector<std::pair<std::string, std::string>>& attribution_files) {
    std::vector<Credit> out;
    for (const auto& rule : credit_rules()) {
        Credit c{rule.source, rule.text, {}};
        for (const auto& p : input_paths) {
            if (matches(rule, p) &&
                std::find(c.inputs.begin(), c.inputs.end(), p) == c.inputs.end())
                c.inputs.push_back(p);
        }
        if (c.inputs.empty()) continue;
        // Two rules may owe the same line (OS data through Open Roads and ONS boundaries).
        const auto same = std::find_if(out.begin(), out.end(),
                                       [&](const Credit& o) { return o.text == c.text; });
        if (same == out.end()) {
            out.push_back(std::move(c));
        } else {
            for (auto& p : c.inputs) {
                if (std::find(same->inputs.begin(), same->inputs.end(), p) == same->inputs.end())
                    same->inputs.push_back(p);
            }
        }
    }
    for (const auto& entry : attribution_files) {  // not a structured binding: clang 15 cannot capture one
        const auto& file = entry.first;
        const auto& text = entry.second;
        const bool shown = std::any_of(out.begin(), out.end(), [&](const Credit& o) {
            return o.source == file || o.text == text;
        });
        if (!shown && !text.empty()) out.push_back({file, text, {}});
    }
    return out;
}

}  // namespace midlink::report
