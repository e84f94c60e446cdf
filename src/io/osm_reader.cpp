#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {

LinkTable read_osm_pbf(const std::string& path, const ReadOptions&) {
    throw InputError("read_osm_pbf: not implemented yet (" + path + ")");
}

}  // namespace midlink::io
