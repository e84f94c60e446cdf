#include "midlink/io/layer_writer.hpp"

#include "midlink/core/error.hpp"

namespace midlink::io {

struct DatasetWriter::Impl {};

DatasetWriter::DatasetWriter(const std::string& path, const std::string&, const std::string&) {
    throw OutputError("DatasetWriter: not implemented yet (" + path + ")");
}
DatasetWriter::~DatasetWriter() = default;
void DatasetWriter::begin_layer(const LayerSpec&) {}
void DatasetWriter::add(const std::vector<FieldValue>&) {}
void DatasetWriter::add(const Point&, const std::vector<FieldValue>&) {}
void DatasetWriter::add(const LineString&, const std::vector<FieldValue>&) {}
void DatasetWriter::commit() {}

}  // namespace midlink::io
