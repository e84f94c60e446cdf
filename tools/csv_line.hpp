#pragma once
// The CSV line helpers live in the workflow library; tools keeps their old names.
#include "midlink/workflow/csv_line.hpp"

namespace midlink::cli {

using workflow::parse_number;
using workflow::split_csv_line;
using workflow::trim_field;

}  // namespace midlink::cli
