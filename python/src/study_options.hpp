#pragma once
// What every study binding shares: keyword options bound into a workflow config by name,
// a workflow::Context for Python (quiet by default, the installed data found from the
// module's file), and one way to run a study and return its tables.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // the casts field() makes: vectors, optionals
#include <tbb/global_control.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layer_tables.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"
#include "midlink/workflow/output_paths.hpp"

namespace midlink::python {

using Setter = std::function<void(pybind11::handle)>;
using Fields = std::map<std::string, Setter>;

template <class T>
Setter field(T& member) {
    return [&member](pybind11::handle v) { member = pybind11::cast<T>(v); };
}
/// A list option also takes one string, as a repeated flag given once.
Setter list_field(std::vector<std::string>& member);

/// Sets each keyword through `fields`, which gain the options every study has, threads=
/// (default all cores) and quiet= (default True: no progress lines); ConfigError naming
/// `study` for an unknown option or a value of the wrong type. Returns the context those
/// two give, with the profiles and lookups installed beside the module.
workflow::Context study_context(const std::string& study, const pybind11::kwargs& options, Fields fields);

/// {name: midlink.Table}, in layer order.
pybind11::dict as_dict(const std::vector<LayerData>& tables);

/// Runs `compute` without the GIL under the thread limit, writes `output` when given (as
/// the command does: lock first, every file or none), and returns the tables.
template <class Study, class Compute, class Write>
pybind11::dict run_study(const std::string& output, const workflow::Context& ctx, Compute compute, Write write) {
    std::optional<Study> study;
    {
        pybind11::gil_scoped_release release;
        std::optional<tbb::global_control> limit;
        if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
        if (output.empty()) {
            study.emplace(compute());
        } else {
            workflow::check_output_folder(output);
            auto set = workflow::open_output_set(output);  // before the long steps
            study.emplace(compute());
            write(*study, set);
            set.commit();
        }
    }
    return as_dict(study->tables());
}

}  // namespace midlink::python
