#include "midlink/io/gmns_writer.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "midlink/io/csv_table.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/output_set.hpp"
#include "wkt_linestring.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

std::string number_or_empty(double v) { return known(v) ? detail::format_number(v) : std::string(); }

/// Writes `text` to `path` atomically; with `set`, as one of its members, renamed by the
/// set's commit().
void replace_file(const fs::path& path, const std::string& text, OutputSet* set) {
    if (!set) {
        write_file_atomically(path.string(), text);
        return;
    }
    AtomicFile file(path.string(), set->member(path.string()));
    std::FILE* f = std::fopen(file.path().c_str(), "wb");
    if (!f) throw OutputError("cannot write " + file.path());
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !written) throw OutputError("cannot write " + file.path() + " (disk full?)");
    file.keep();
}

}  // namespace

void write_gmns(const std::string& dir, const std::vector<GmnsNode>& nodes,
                const std::vector<GmnsLink>& links, OutputSet* set) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError("cannot create folder " + dir + ": " + ec.message());

    std::string node_csv = "node_id,x_coord,y_coord\n";
    for (const auto& n : nodes) {
        node_csv += std::to_string(n.node_id) + ',' + detail::format_number(n.x) + ',' +
                    detail::format_number(n.y) + '\n';
    }
    std::string link_csv =
        "link_id,from_node_id,to_node_id,directed,length,free_speed,free_flow_time_s,"
        "facility_type,name,ref,geometry,capacity\n";
    for (const auto& l : links) {
        link_csv += std::to_string(l.link_id) + ',' + std::to_string(l.from_node_id) + ',' +
                    std::to_string(l.to_node_id) + ',' + std::to_string(l.directed) + ',' +
                    number_or_empty(l.length_m) + ',' + number_or_empty(l.free_speed_kmh) + ',' +
                    number_or_empty(l.time_s) + ',' + csv_escape(l.facility_type) + ',' +
                    csv_escape(l.name) + ',' + csv_escape(l.ref) + ',' +
                    csv_escape(detail::format_wkt_linestring(l.geometry)) + ',' +
                    number_or_empty(l.capacity_vph) + '\n';
    }
    replace_file(fs::path(dir) / "node.csv", node_csv, set);
    replace_file(fs::path(dir) / "link.csv", link_csv, set);
}

}  // namespace midlink::io
