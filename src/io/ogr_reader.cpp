#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {

LinkTable read_ogr_lines(const std::string& path, const ReadOptions&) {
    throw InputError("read_ogr_lines: not implemented yet (" + path + ")");
}

}  // namespace midlink::io
