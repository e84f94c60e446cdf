// The shared part of the study bindings (study_options.hpp).
#include "study_options.hpp"

#include "midlink/core/error.hpp"
#include "midlink/workflow/data_dirs.hpp"

namespace py = pybind11;

namespace midlink::python {

// A list option also takes one string, as a repeated flag given once.
Setter list_field(std::vector<std::string>& member) {
    return [&member](py::handle v) {
        member = py::isinstance<py::str>(v) ? std::vector<std::string>{py::cast<std::string>(v)}
                                            : py::cast<std::vector<std::string>>(v);
    };
}

namespace {

void apply(const std::string& study, const py::kwargs& options, const Fields& fields) {
    for (const auto& [key, value] : options) {
        const auto name = py::cast<std::string>(key);
        const auto it = fields.find(name);
        if (it == fields.end()) {
            std::string names;
            for (const auto& [n, _] : fields) names += (names.empty() ? "" : ", ") + n;
            throw ConfigError(study + ": unknown option '" + name + "' (options: " + names + ")");
        }
        try {
            it->second(value);
        } catch (const py::cast_error&) {
            throw ConfigError(study + ": option '" + name + "' cannot take " +
                              py::cast<std::string>(py::str(py::type::of(value).attr("__name__"))));
        }
    }
}

// The shipped data (profiles, lookups) beside the installed module, as for the CLI:
// MIDLINK_PROFILES / MIDLINK_LOOKUPS override.
workflow::DataDirs data_dirs() { return workflow::find_data_dirs(workflow::code_prefix()); }

workflow::Context context(int threads, bool quiet) {
    workflow::Context ctx;
    ctx.threads = threads;
    ctx.quiet = quiet;
    const auto dirs = data_dirs();
    ctx.profiles_dir = dirs.profiles_dir;
    ctx.lookups_dir = dirs.lookups_dir;
    return ctx;
}

}  // namespace

workflow::Context study_context(const std::string& study, const py::kwargs& options, Fields fields) {
    int threads = 0;
    bool quiet = true;
    fields.emplace("threads", field(threads));
    fields.emplace("quiet", field(quiet));
    apply(study, options, fields);
    return context(threads, quiet);
}

py::dict as_dict(const std::vector<LayerData>& tables) {
    py::dict out;
    for (const auto& t : tables) out[py::str(t.name)] = layer_table(t);
    return out;
}

}  // namespace midlink::python
