#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {

LinkTable read_tntp(const std::string& path, const ReadOptions&) {
    throw InputError("read_tntp: not implemented yet (" + path + ")");
}

}  // namespace midlink::io
