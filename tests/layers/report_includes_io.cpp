// Must not compile as part of midlink::report: layers reach the report as core's LayerData.
#include "midlink/io/dataset_reader.hpp"
