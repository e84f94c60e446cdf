#include "midlink/workflow/rank_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace midlink::workflow {

void report_ranks(const Context& ctx) {
    if (!ctx.distributed() || !ctx.is_root()) return;
    for (const auto& step : ctx.group->steps()) {
        const auto [lo, hi] = std::minmax_element(step.seconds.begin(), step.seconds.end());
        std::string blocks;
        for (std::size_t r = 0; r < step.blocks.size(); ++r) {
            if (r > 0) blocks += '/';
            blocks += std::to_string(step.blocks[r]);
        }
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.2f s to %.2f s per rank (blocks %s), imbalance %.1f %%", *lo, *hi, blocks.c_str(),
                      100.0 * step.imbalance());
        std::string line = "ranks: " + std::to_string(ctx.group->size()) + "; " + step.name + ": " + buf;
        if (!step.cpu_seconds.empty() && std::isfinite(step.cpu_seconds.front())) {
            const auto [clo, chi] = std::minmax_element(step.cpu_seconds.begin(), step.cpu_seconds.end());
            std::snprintf(buf, sizeof buf, "; CPU %.2f s to %.2f s", *clo, *chi);
            line += buf;
        }
        ctx.info(line);
    }
}

std::string rank_steps_json(const Context& ctx) {
    auto steps = nlohmann::json::array();
    if (ctx.group && ctx.is_root()) {
        for (const auto& step : ctx.group->steps()) {
            steps.push_back({{"step", step.name},
                             {"seconds", step.seconds},
                             {"blocks", step.blocks},
                             {"cpu_seconds", step.cpu_seconds},
                             {"imbalance", step.imbalance()}});
        }
    }
    return steps.dump();
}

}  // namespace midlink::workflow
