#include "midlink/io/dataset_info.hpp"

#include "midlink/core/error.hpp"

namespace midlink::io {

DatasetInfo describe_dataset(const std::string& path) {
    throw InputError("describe_dataset: not implemented yet (" + path + ")");
}
std::string to_text(const DatasetInfo&) { return {}; }
std::string to_json(const DatasetInfo&) { return {}; }

}  // namespace midlink::io
