#pragma once
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::cli {

struct ExportConfig {
    std::string graph;
    std::string output;
};

int run_export(const ExportConfig& cfg, const workflow::Context& ctx);

}  // namespace midlink::cli
