#pragma once
// `midlink info PATH`: what midlink will make of a file before using it. A graph file gives
// its summary, a link-table network (TNTP, GMNS, DIMACS, junction CSV) its link table, and
// any GDAL dataset its layers, CRS, counts, geometry types, extent and validity.
#include <ostream>
#include <string>

#include "midlink/core/link_table.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct InfoConfig {
    std::string path;
    std::string input_format = "auto";  // force a network format (io::parse_network_format)
    std::string format = "text";        // text or json
};

/// Links, nodes, CRS, extent and diagnostics of a link table, as `info` prints them.
/// `format_name` is the network format ("tntp", "gmns", ...).
std::string describe_link_table(const LinkTable& t, const std::string& format_name, bool json);
/// The description `info` prints. Throws InputError for a missing or unreadable file.
std::string describe_input(const InfoConfig& cfg, const Context& ctx);
/// `midlink info`: the description to `results`. Returns 0.
int run_info(const InfoConfig& cfg, const Context& ctx, std::ostream& results);

}  // namespace midlink::workflow
