#pragma once
#include <string>

#include "cli_context.hpp"

namespace midlink::cli {

struct ExportConfig {
    std::string graph;
    std::string output;
};

int run_export(const ExportConfig& cfg, const CliContext& ctx);

}  // namespace midlink::cli
