// midlink matrix (workflow/matrix.hpp): snapped points, one search per origin row, blocks
// of rows streamed to an OMX or CSV writer.
#include "midlink/workflow/matrix.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <limits>
#include <optional>
#include <stdexcept>

#include "midlink/core/byte_pack.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/csv_table.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/omx_writer.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "midlink/workflow/text_output.hpp"
#include "point_sets.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

std::string extension_of(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

void check_matrix_config(const MatrixConfig& cfg) {
    const std::string ext = extension_of(cfg.output);
    if (ext != ".omx" && ext != ".csv")
        throw ConfigError(cfg.output + ": matrix writes .omx (Open Matrix, HDF5) or .csv, not '" + ext + "'");
    if (!(std::isfinite(cfg.max_snap_m) && cfg.max_snap_m >= 0.0))
        throw ConfigError("--max-snap must be a distance in metres (a finite number >= 0)");
    if (!(std::isfinite(cfg.max_time_min) && cfg.max_time_min >= 0.0))
        throw ConfigError("--max-time must be minutes (a finite number >= 0; 0 = no limit)");
    if (cfg.origins.empty()) throw ConfigError("--origins is required");
}

std::vector<PointFeature> read_point_set(const std::string& path, const std::string& layer, const std::string& id,
                                         const MatrixConfig& cfg, const Context& ctx, const graph::RoadGraph& g,
                                         Diagnostics& diag) {
    io::PointLayerOptions po;
    po.path = path;
    po.layer = layer;
    po.id_field = id;
    po.default_id_field = "id";
    po.assume_crs = cfg.assume_crs;
    return read_graph_points(std::move(po), g, "", diag, ctx);
}

/// Long CSV: one row per pair, empty cells where there is no route.
class CsvMatrixWriter {
public:
    CsvMatrixWriter(const std::string& path, const MatrixPoints& points) : m_path(path), m_points(points) {
        m_file = std::fopen(path.c_str(), "w");
        if (!m_file) throw OutputError("cannot write " + path);
        std::fputs("origin_id,destination_id,time_min,distance_km\n", m_file);
    }
    ~CsvMatrixWriter() {
        if (m_file) std::fclose(m_file);
    }
    CsvMatrixWriter(const CsvMatrixWriter&) = delete;
    CsvMatrixWriter& operator=(const CsvMatrixWriter&) = delete;
    void write(const MatrixBlock& b) {
        const std::size_t m = m_points.destinations.size();
        char number[64];
        for (std::size_t r = 0; r < b.rows; ++r) {
            const std::string origin = io::csv_escape(m_points.origins[b.first_row + r].id);
            for (std::size_t j = 0; j < m; ++j) {
                std::string line = origin + "," + io::csv_escape(m_points.destinations[j].id) + ",";
                const double t = b.time_min[r * m + j], d = b.distance_km[r * m + j];
                if (!std::isnan(t)) {
                    std::snprintf(number, sizeof number, "%.17g,%.17g", t, d);
                    line += number;
                } else {
                    line += ",";
                }
                line += '\n';
                if (std::fputs(line.c_str(), m_file) < 0) throw OutputError("cannot write " + m_path + " (disk full?)");
            }
        }
    }
    void close() {
        const bool failed = std::ferror(m_file) != 0;
        const int rc = std::fclose(m_file);
        m_file = nullptr;
        if (failed || rc != 0) throw OutputError("failed writing " + m_path + " (disk full?)");
    }

private:
    std::string m_path;
    const MatrixPoints& m_points;
    std::FILE* m_file = nullptr;
};

// Rows per block: at most 128, two whole HDF5 chunks of the OMX writer (64 rows), so the
// blocks dealt to the ranks of a job are small enough to spread; fewer for wide matrices,
// so a block stays within about 4 million cells (64 MB for both skims). Fixed by the
// destination count alone, never by threads or ranks.
std::size_t matrix_block_rows(std::size_t columns) {
    return std::max<std::size_t>(1, std::min<std::size_t>(128, 4'000'000 / std::max<std::size_t>(1, columns)));
}

std::vector<std::string> ids_of(const std::vector<PointFeature>& points) {
    std::vector<std::string> ids;
    ids.reserve(points.size());
    for (const auto& p : points) ids.push_back(p.id);
    return ids;
}

}  // namespace

MatrixPoints load_matrix_points(const MatrixConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    if (!g.has_coordinates()) throw ConfigError(cfg.graph + ": the graph has no coordinates; points cannot be snapped to it");
    MatrixPoints pts;
    pts.origins = read_point_set(cfg.origins, cfg.origin_layer, cfg.origin_id, cfg, ctx, g, pts.diagnostics);
    const bool square = cfg.destinations.empty();
    if (!square) pts.destinations = read_point_set(cfg.destinations, cfg.dest_layer, cfg.dest_id, cfg, ctx, g, pts.diagnostics);
    Step step(ctx, "snapping to the network (max " + format_number(cfg.max_snap_m) + " m)");
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    const auto snap_all = [&](const std::vector<PointFeature>& set, const char* what, std::vector<graph::Snap>& out,
                              std::size_t& unsnapped) {
        out.resize(set.size());
        tbb::parallel_for(std::size_t{0}, set.size(), [&](std::size_t i) { out[i] = snapper.snap(set[i].xy, cfg.max_snap_m); });
        for (std::size_t i = 0; i < set.size(); ++i) {
            if (out[i].ok) continue;
            ++unsnapped;
            pts.diagnostics.add(std::string("unsnapped_") + what, std::string(what) + " " + set[i].id,
                                "point is more than " + format_number(cfg.max_snap_m) + " m from the network; its " +
                                    (what[0] == 'o' ? "row" : "column") + " is NULL");
        }
    };
    snap_all(pts.origins, "origin", pts.from, pts.unsnapped_origins);
    if (square) {
        pts.destinations = pts.origins;
        pts.to = pts.from;
        pts.unsnapped_destinations = pts.unsnapped_origins;
    } else {
        snap_all(pts.destinations, "destination", pts.to, pts.unsnapped_destinations);
    }
    step.done(std::to_string(pts.unsnapped_origins) + " origins and " + std::to_string(pts.unsnapped_destinations) +
              " destinations unsnapped (their rows and columns NULL)");
    return pts;
}

MatrixSummary compute_matrix(const graph::RoadGraph& g, const MatrixPoints& points, double max_time_min,
                             const Context& ctx, const std::function<void(const MatrixBlock&)>& sink) {
    const ThreadLimit threads(ctx);
    const std::size_t n = points.origins.size(), m = points.destinations.size();
    MatrixSummary summary;
    summary.rows = n;
    summary.columns = m;
    const auto& from = points.from;
    const auto& to = points.to;
    const Weight cutoff =
        max_time_min > 0.0
            ? static_cast<Weight>(std::min(std::ceil(max_time_min * 60.0 / g.time_unit_s), static_cast<double>(kUnreachable - 1)))
            : kUnreachable;
    struct RowState {
        graph::ShortestPathSearch search;
        graph::RouteCostScratch scratch;
        std::vector<double> time_s, distance_m;
    };
    tbb::enumerable_thread_specific<RowState> states([&] { return RowState{graph::ShortestPathSearch(g, graph::Metric::Time), {}, {}, {}}; });
    const std::size_t block_rows = matrix_block_rows(m);
    const std::size_t blocks = (n + block_rows - 1) / block_rows;
    const SoloGroup solo;
    const ProcessGroup& group = ctx.group ? *ctx.group : solo;
    const bool distributed = group.size() > 1;
    DecileProgress progress(ctx, n);
    std::atomic<std::size_t> done{0};
    const double limit_s = max_time_min > 0.0 ? max_time_min * 60.0 : std::numeric_limits<double>::infinity();
    double search_s = 0.0, search_cpu_s = 0.0;
    std::size_t mine = 0;
    // Block k: rows k * block_rows onwards, into tm and dk. On a rank of several, an
    // exception names the rank and the block.
    const auto compute_block = [&](std::size_t k, std::vector<double>& tm, std::vector<double>& dk) {
        const auto t0 = std::chrono::steady_clock::now();
        const double cpu0 = process_cpu_seconds();
        const std::size_t first = k * block_rows, rows = std::min(block_rows, n - first);
        try {
            if (distributed) group.starting_block("matrix rows", k);
            tm.assign(rows * m, std::numeric_limits<double>::quiet_NaN());
            dk.assign(rows * m, std::numeric_limits<double>::quiet_NaN());
            tbb::parallel_for(std::size_t{0}, rows, [&](std::size_t r) {
                auto& st = states.local();
                st.time_s.resize(m);
                st.distance_m.resize(m);
                graph::route_costs(st.search, from[first + r], to, graph::RouteCostRow{st.time_s, st.distance_m}, st.scratch,
                                   cutoff);
                for (std::size_t j = 0; j < m; ++j) {
                    // The limit is in minutes as the user gave it; the search cutoff only saves work.
                    if (!std::isfinite(st.time_s[j]) || st.time_s[j] > limit_s) continue;
                    tm[r * m + j] = st.time_s[j] / 60.0;
                    dk[r * m + j] = st.distance_m[j] / 1000.0;
                }
                progress(done.fetch_add(1) + 1);
            });
        } catch (...) {
            if (!distributed) throw;
            rethrow_for_block(group, "row block " + std::to_string(k) + " (origins " + std::to_string(first + 1) + "-" +
                                         std::to_string(first + rows) + ")");
        }
        search_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        search_cpu_s += process_cpu_seconds() - cpu0;
        ++mine;
    };
    if (!group.root()) {
        // Each of this rank's blocks in ascending order, as rank 0 takes them.
        std::vector<double> tm, dk;
        for (std::size_t k = 0; k < blocks; ++k) {
            if (!group.owns(k)) continue;
            compute_block(k, tm, dk);
            BytePacker pack;
            pack.put_array(tm);
            pack.put_array(dk);
            group.send_to_root(pack.take());
        }
        group.record_step("matrix rows", search_s, mine, search_cpu_s);
        return summary;
    }
    // Two buffers: the sink writes one block (HDF5 compression is single-threaded) while the
    // searches fill the other, or the next block arrives from its rank.
    std::array<std::vector<double>, 2> time_min, distance_km;
    std::future<void> writing;
    for (std::size_t k = 0; k < blocks; ++k) {
        const std::size_t first = k * block_rows, rows = std::min(block_rows, n - first);
        auto& tm = time_min[k % 2];
        auto& dk = distance_km[k % 2];
        if (group.owns(k)) {
            compute_block(k, tm, dk);
        } else {
            const std::string bytes = group.receive_from(static_cast<int>(k % static_cast<std::size_t>(group.size())));
            ByteUnpacker msg(bytes);
            tm = msg.get_array<double>();
            dk = msg.get_array<double>();
            if (!msg.done() || tm.size() != rows * m || dk.size() != rows * m)
                throw std::runtime_error("rank message: matrix row block " + std::to_string(k) + " has the wrong size");
            progress(done.fetch_add(rows) + rows);
        }
        for (const double t : tm) summary.pairs_reached += std::isnan(t) ? 0 : 1;
        if (writing.valid()) writing.get();  // the previous block is written (or its error thrown)
        writing = std::async(std::launch::async, [&sink, block = MatrixBlock{first, rows, tm, dk}] { sink(block); });
    }
    if (writing.valid()) writing.get();
    if (ctx.group) ctx.group->record_step("matrix rows", search_s, mine, search_cpu_s);
    summary.unsnapped_origins = points.unsnapped_origins;
    summary.unsnapped_destinations = points.unsnapped_destinations;
    return summary;
}

int run_matrix(const MatrixConfig& cfg, const Context& ctx) {
    std::optional<io::OutputSet> outputs;
    graph::RoadGraph g;
    MatrixPoints points;
    agreed(ctx, [&] {
        check_matrix_config(cfg);
        check_output_folder(cfg.output);
        // Before the long steps, so a second run fails at once. A matrix streams to its
        // file, so rank 0 of a job opens it here too: a rank that dies mid-matrix can leave
        // a temporary, which the next run writing there removes (docs/cluster.md).
        if (ctx.is_root()) outputs.emplace(output_set_anchor(cfg.output));
        Step step(ctx, "reading " + cfg.graph);
        g = graph::read_graph_file(cfg.graph);
        step.done(std::to_string(g.node_count()) + " nodes");
        points = load_matrix_points(cfg, ctx, g);
    });
    const std::size_t n = points.origins.size(), m = points.destinations.size();
    Step step(ctx, "skims for " + std::to_string(n) + " origins x " + std::to_string(m) + " destinations");
    if (!ctx.is_root()) {
        // Computes this rank's row blocks and sends them to rank 0, which writes them.
        (void)compute_matrix(g, points, cfg.max_time_min, ctx, [](const MatrixBlock&) {});
        return 0;
    }
    const std::string temp = outputs->member(cfg.output);
    MatrixSummary summary;
    if (extension_of(cfg.output) == ".omx") {
        io::OmxWriter omx(temp, n, m, {"time_min", "distance_km"});
        omx.lookup("origin_id", 0, ids_of(points.origins));
        omx.lookup("destination_id", 1, ids_of(points.destinations));
        summary = compute_matrix(g, points, cfg.max_time_min, ctx, [&](const MatrixBlock& b) {
            omx.write_rows(0, b.first_row, b.time_min);
            omx.write_rows(1, b.first_row, b.distance_km);
        });
        omx.close();
    } else {
        CsvMatrixWriter csv(temp, points);
        summary = compute_matrix(g, points, cfg.max_time_min, ctx, [&](const MatrixBlock& b) { csv.write(b); });
        csv.close();
    }
    step.done(std::to_string(summary.pairs_reached) + " of " + std::to_string(n * m) + " pairs with a route" +
              (cfg.max_time_min > 0.0 ? " within " + format_number(cfg.max_time_min) + " min" : std::string()));
    write_diagnostics_csv(points.diagnostics, diagnostics_csv_path(cfg.output), &*outputs, &ctx);
    outputs->commit();
    ctx.info("wrote " + cfg.output + " (" + std::to_string(n) + " x " + std::to_string(m) + ": time_min, distance_km)" +
             (points.diagnostics.empty() ? "" : "; diagnostics in " + diagnostics_csv_path(cfg.output)));
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
