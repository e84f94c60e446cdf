// Writes an access study: its layers (with a CSV each), the diagnostics and the OD matrix.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "access_steps.hpp"
#include "midlink/core/error.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/study_layers.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace {

// origin_id,destination_id,service,time_min for every pair within the search limit,
// streamed row by row, as a member of the run's output set. Times are rounded to the
// thousandth of a minute here only; od_matrix_table() keeps them whole.
void write_od_matrix(io::OutputSet& set, const std::string& path, const AccessStudy& study) {
    const auto& in = study.inputs;
    const auto& r = study.result;
    const std::string tmp = set.member(path);
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) throw OutputError("cannot write OD matrix " + path + ": " + std::strerror(errno));
    std::string header;
    for (const auto& c : schema::access::kOdColumns) {
        if (!header.empty()) header += ',';
        header += c.name;
    }
    std::fprintf(f, "%s\n", header.c_str());
    for (std::size_t i = 0; i < r.od.size(); ++i) {
        for (const auto& e : r.od[i]) {
            std::fprintf(f, "%s,%s,%s,%.3f\n", in.origin_ids[i].c_str(), in.destinations[e.destination].id.c_str(),
                         in.destination_service[e.destination].c_str(), e.cost_min);
        }
    }
    const bool failed = std::ferror(f) != 0;
    if (std::fclose(f) != 0 || failed) throw OutputError("failed writing OD matrix " + path + " (disk full?)");
}

}  // namespace

void write_access(const AccessStudy& study, const AccessConfig& cfg, const Context& ctx, io::OutputSet& set) {
    {
        Step step(ctx, "writing " + cfg.output);
        LayersWithCsv layers(set, cfg.output, study.inputs.crs);
        for (const auto& t : access_layers(study)) {
            if (t.with_csv) {
                layers.write(t.name, t.kind, t.fields, [&t](io::DatasetWriter& w, bool spatial) { add_rows(w, t, spatial); });
            } else {
                layers.main().begin_layer(with_notes({t.name, t.kind, t.fields}));
                add_rows(layers.main(), t, true);
            }
        }
        layers.commit();
        step.done();
    }
    write_diagnostics_csv(study.inputs.diagnostics, diagnostics_csv_path(cfg.output), &set, &ctx);
    if (!cfg.od_matrix.empty()) write_od_matrix(set, cfg.od_matrix, study);
}

}  // namespace midlink::workflow
