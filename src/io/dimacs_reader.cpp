#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {

LinkTable read_dimacs(const std::string& path, const ReadOptions&) {
    throw InputError("read_dimacs: not implemented yet (" + path + ")");
}

}  // namespace midlink::io
