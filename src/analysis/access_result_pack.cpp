#include "midlink/analysis/access_result_pack.hpp"

namespace midlink::analysis {
namespace {

void pack_columns(BytePacker& out, const std::vector<AccessColumn>& columns) {
    out.put<std::uint64_t>(columns.size());
    for (const auto& c : columns) {
        out.put_string(c.name);
        out.put_string(c.description);
        out.put(c.null_when_unreached);
    }
}

std::vector<AccessColumn> unpack_columns(ByteUnpacker& in) {
    std::vector<AccessColumn> columns(in.get<std::uint64_t>());
    for (auto& c : columns) {
        c.name = in.get_string();
        c.description = in.get_string();
        c.null_when_unreached = in.get<bool>();
    }
    return columns;
}

}  // namespace

void pack_access_result(BytePacker& out, const AccessResult& r) {
    pack_columns(out, r.columns);
    out.put_array(r.values);
    out.put_array(r.status);
    out.put_array(r.origin_cutoff);
    pack_columns(out, r.destination_columns);
    out.put_array(r.destination_values);
    out.put(r.search_limit_min);
    out.put(r.settled_nodes);
    out.put(r.engine_used);
    out.put(r.hierarchy_s);
    out.put<std::uint64_t>(r.od.size());
    for (const auto& row : r.od) out.put_array(row);
}

AccessResult unpack_access_result(ByteUnpacker& in) {
    AccessResult r;
    r.columns = unpack_columns(in);
    r.values = in.get_array<double>();
    r.status = in.get_array<OriginStatus>();
    r.origin_cutoff = in.get_array<Weight>();
    r.destination_columns = unpack_columns(in);
    r.destination_values = in.get_array<double>();
    r.search_limit_min = in.get<double>();
    r.settled_nodes = in.get<std::uint64_t>();
    r.engine_used = in.get<SearchEngine>();
    r.hierarchy_s = in.get<double>();
    r.od.resize(in.get<std::uint64_t>());
    for (auto& row : r.od) row = in.get_array<OdEntry>();
    return r;
}

void share_from_root(const ProcessGroup& group, AccessResult& result) {
    if (group.size() == 1) return;
    BytePacker pack;
    if (group.root()) pack_access_result(pack, result);
    const auto all = group.all_gather(pack.take());
    if (group.root()) return;
    ByteUnpacker in(all.front());
    result = unpack_access_result(in);
}

}  // namespace midlink::analysis
