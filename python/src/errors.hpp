#pragma once
// midlink::Error and its kinds as Python exceptions with the same message text:
// midlink.Error(Exception); ConfigError, InputError and VersionError also derive from
// ValueError, OutputError from OSError. Each class has `exit_code`, the CLI's for that kind.
#include <pybind11/pybind11.h>

namespace midlink::python {

void register_errors(pybind11::module_& m);

}  // namespace midlink::python
