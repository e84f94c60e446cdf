#include "midlink/workflow/rank_report.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace midlink::workflow {

void report_ranks(const Context& ctx) {
    if (!ctx.distributed() || !ctx.is_root()) return;
    for (const auto& step : ctx.group->steps()) {
        const auto [lo, hi] = std::minmax_element(step.seconds.begin(), step.seconds.end());
        std::string blocks;
        for (std::size_t r = 0; r < step.blocks.size(); ++r) blocks += (r ? "/" : "") + std::to_string(step.blocks[r]);
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.2f s to %.2f s per rank (blocks %s), imbalance %.1f %%", *lo, *hi, blocks.c_str(),
                      100.0 * step.imbalance());
        ctx.info("ranks: " + std::to_string(ctx.group->size()) + "; " + step.name + ": " + buf);
    }
}

std::string rank_steps_json(const Context& ctx) {
    auto steps = nlohmann::json::array();
    if (ctx.group && ctx.is_root()) {
        for (const auto& step : ctx.group->steps()) {
            steps.push_back({{"step", step.name},
                             {"seconds", step.seconds},
                             {"blocks", step.blocks},
                             {"imbalance", step.imbalance()}});
        }
    }
    return steps.dump();
}

}  // namespace midlink::workflow
