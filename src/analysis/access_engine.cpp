#include "midlink/analysis/access_engine.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>

#include "access_layout.hpp"
#include "midlink/core/byte_pack.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/phast_batch.hpp"
#include "midlink/graph/shortest_path.hpp"

namespace midlink::analysis {
namespace {
using detail::ColumnRole;
using detail::Layout;
constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// A negative or non-finite population P_i or supply O_j is never used: one such value
// moves every other origin's 2SFCA/BFCA value (three areas of 100, 200 and -300 would sum
// to zero demand). Such a P_i counts as unknown (0) and such a destination as absent;
// the readers report them.
bool usable_amount(double v) { return std::isfinite(v) && v >= 0.0; }

// Destination arrivals indexed by graph node (CSR) and by link (same-link shortcuts).
struct DestinationIndex {
    std::vector<std::uint32_t> node_first, link_first;
    std::vector<std::uint32_t> node_dest, link_dest;
    std::vector<Weight> node_cost;

    DestinationIndex(const graph::RoadGraph& g, const std::vector<AccessDestination>& dests) {
        node_first.assign(g.node_count() + 1, 0);
        link_first.assign(g.link_count() + 1, 0);
        for (const auto& d : dests) {
            if (!usable_amount(d.weight)) continue;
            for (std::uint8_t k = 0; k < d.at.count; ++k) ++node_first[d.at.anchors[k].node + 1];
            if (d.at.ok() && d.at.link < g.link_count()) ++link_first[d.at.link + 1];
        }
        for (std::size_t i = 1; i < node_first.size(); ++i) node_first[i] += node_first[i - 1];
        for (std::size_t i = 1; i < link_first.size(); ++i) link_first[i] += link_first[i - 1];
        node_dest.resize(node_first.back());
        node_cost.resize(node_first.back());
        link_dest.resize(link_first.back());
        auto nfill = node_first, lfill = link_first;
        for (std::uint32_t j = 0; j < dests.size(); ++j) {
            const auto& d = dests[j];
            if (!usable_amount(d.weight)) continue;
            for (std::uint8_t k = 0; k < d.at.count; ++k) {
                const auto pos = nfill[d.at.anchors[k].node]++;
                node_dest[pos] = j;
                node_cost[pos] = d.at.anchors[k].cost;
            }
            if (d.at.ok() && d.at.link < g.link_count()) link_dest[lfill[d.at.link]++] = j;
        }
    }

    // For PHAST: destinations grouped by their anchors (sweep positions) and link, so one
    // pair of distance reads serves a group, and a group whose anchors are both beyond
    // the cut-off is skipped whole. Members of a group are in destination order.
    static constexpr std::uint32_t kNoPosition = std::numeric_limits<std::uint32_t>::max();
    struct AnchorGroup {
        std::uint32_t p0, p1;  // p1 == kNoPosition: a single anchor
        LinkId link;
        std::uint32_t first;   // members [first, next group's first)
    };
    std::vector<AnchorGroup> groups;  // plus a sentinel
    std::vector<std::uint32_t> member_dest;
    std::vector<Weight> member_c0, member_c1;
    void index_by_position(const graph::ContractionHierarchy& ch, const std::vector<AccessDestination>& dests) {
        struct Key {
            std::uint32_t p0, p1;
            LinkId link;
            std::uint32_t j;
            auto operator<=>(const Key&) const = default;
        };
        std::vector<Key> keys;
        for (std::uint32_t j = 0; j < dests.size(); ++j) {
            const auto& at = dests[j].at;
            if (at.count == 0 || !usable_amount(dests[j].weight)) continue;
            const auto p0 = ch.position_of[at.anchors[0].node];
            const auto p1 = at.count > 1 ? ch.position_of[at.anchors[1].node] : kNoPosition;
            keys.push_back({p0, p1, at.link, j});
        }
        std::sort(keys.begin(), keys.end());
        groups.clear();
        member_dest.clear();
        member_c0.clear();
        member_c1.clear();
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const auto& key = keys[k];
            if (k == 0 || key.p0 != keys[k - 1].p0 || key.p1 != keys[k - 1].p1 || key.link != keys[k - 1].link) {
                groups.push_back({key.p0, key.p1, key.link, static_cast<std::uint32_t>(member_dest.size())});
            }
            const auto& at = dests[key.j].at;
            member_dest.push_back(key.j);
            member_c0.push_back(at.anchors[0].cost);
            member_c1.push_back(at.count > 1 ? at.anchors[1].cost : kUnreachable);
        }
        groups.push_back({kNoPosition, kNoPosition, 0, static_cast<std::uint32_t>(member_dest.size())});
    }
};

struct Reach {
    Weight cost;
    std::uint32_t dest;
    double cost_min;
};

// Per-thread scratch, reused for every origin.
struct Worker {
    graph::ShortestPathSearch search;
    std::vector<Weight> best;
    std::vector<std::uint32_t> touched;
    std::vector<Reach> reached;
    std::vector<std::vector<double>> nth;  // per column plan: smallest costs so far (Nth)
    std::vector<std::vector<Weight>> kbest;  // per service: smallest costs so far (search stop)
    std::vector<double> row_sum;    // per accumulator and service: BFCA row sums of f
    Weight last_cutoff = 0;         // the cutoff the last search ended with
    std::uint64_t last_settled = 0; // nodes the last search settled (PHAST: all, by the sweep)
    std::unique_ptr<graph::PhastBatch> phast;  // made on first use
    Worker(const graph::RoadGraph& g, std::size_t dests, std::size_t services, std::size_t accs, std::size_t plans)
        : search(g, graph::Metric::Time), best(dests, kUnreachable), nth(plans), kbest(services), row_sum(accs * services) {}
};

// Pass-1 sums for one chunk of origins, reduced in chunk order for determinism.
struct ChunkSums {
    std::vector<double> demand;  // accumulators x destinations: Σ_i P_i f (2SFCA/passive) or Σ_i P_i f / F_i (BFCA)
    std::vector<double> column;  // accumulators x destinations: Σ_i f (BFCA)
};

class Engine {
public:
    Engine(const AccessInputs& in, const Layout& layout, Weight limit_w)
        : m_in(in), m_g(*in.graph), m_layout(layout), m_index(*in.graph, in.destinations) {
        // Services in a compact array: the search touches them once per reached destination.
        m_dest_service.reserve(in.destinations.size());
        for (const auto& d : in.destinations) m_dest_service.push_back(d.service);
        // How many nearest destinations each service needs, and how far other measures need.
        m_k_per_service.assign(in.services.size(), 0);
        double static_min = 0.0;
        for (const auto& p : layout.plans) {
            const Measure& m = in.measures[p.measure];
            switch (p.role) {
                case ColumnRole::Nearest:
                case ColumnRole::JtsAmt: m_k_per_service[p.service] = std::max<std::size_t>(m_k_per_service[p.service], 1); break;
                case ColumnRole::Nth: m_k_per_service[p.service] = std::max<std::size_t>(m_k_per_service[p.service], p.n); break;
                case ColumnRole::Cumulative:
                case ColumnRole::JtsDest:
                case ColumnRole::JtsOrig: static_min = std::max(static_min, p.time_min); break;
                case ColumnRole::Hansen:
                case ColumnRole::Fca: static_min = std::max(static_min, m.decay.reach_min()); break;
            }
        }
        for (const auto& a : layout.accumulators) static_min = std::max(static_min, in.measures[a.measure].decay.reach_min());
        const double static_w = static_min * 60.0 / m_g.time_unit_s;
        m_static_w = static_w >= limit_w ? limit_w : static_cast<Weight>(static_w);
        m_services_with_k = 0;
        for (auto k : m_k_per_service) m_services_with_k += k > 0;
        if (in.keep_od) {  // an OD matrix wants everything within the limit: no early stop
            std::fill(m_k_per_service.begin(), m_k_per_service.end(), 0);
            m_services_with_k = 0;
            m_static_w = limit_w;
        }
    }

    // From now on searches go through the hierarchy (PHAST).
    // Only the destinations' anchors are read after a sweep, so the sweep is restricted to
    // them and the nodes above them (RPHAST); groups then name slots of that selection.
    void use_hierarchy(const graph::ContractionHierarchy& ch) {
        m_ch = &ch;
        m_index.index_by_position(ch, m_in.destinations);
        std::vector<std::uint32_t> anchors;
        for (const auto& grp : m_index.groups) {
            if (grp.p0 != DestinationIndex::kNoPosition) anchors.push_back(grp.p0);
            if (grp.p1 != DestinationIndex::kNoPosition) anchors.push_back(grp.p1);
        }
        m_selection = graph::select_sweep(ch, anchors);
        for (auto& grp : m_index.groups) {
            if (grp.p0 != DestinationIndex::kNoPosition) grp.p0 = m_selection.slot_of[grp.p0];
            if (grp.p1 != DestinationIndex::kNoPosition) grp.p1 = m_selection.slot_of[grp.p1];
        }
    }
    /// Nodes each sweep visits (the RPHAST selection).
    [[nodiscard]] std::size_t swept_nodes() const { return m_selection.slot_of.empty() ? 0 : m_selection.size(); }

    // Searches from each origin in `block` (all snapped) and calls visit(i) after each, with
    // w.reached listing what origin i reaches. Through the hierarchy sixteen origins share
    // one sweep; each origin's values still depend on its own distances only.
    template <class Visit>
    void search_block(Worker& w, std::span<const std::size_t> block, Weight limit_w, Visit&& visit) const {
        if (!m_ch) {
            for (auto i : block) {
                reached_from_dijkstra(w, m_in.origins[i], limit_w);
                visit(i);
            }
            return;
        }
        constexpr std::size_t L = graph::PhastBatch::kLanes;
        if (!w.phast) w.phast = std::make_unique<graph::PhastBatch>(*m_ch, &m_selection);
        for (std::size_t first = 0; first < block.size(); first += L) {
            const std::size_t lanes = std::min(L, block.size() - first);
            std::array<std::array<graph::SearchSource, 2>, L> sources{};
            std::array<std::span<const graph::SearchSource>, L> spans{};
            for (std::size_t k = 0; k < lanes; ++k) {
                const auto& at = m_in.origins[block[first + k]].at;
                for (std::uint8_t a = 0; a < at.count; ++a) sources[k][a] = {at.anchors[a].node, at.anchors[a].cost};
                spans[k] = std::span(sources[k].data(), at.count);
            }
            w.phast->run(std::span(spans.data(), lanes));
            for (std::size_t k = 0; k < lanes; ++k) {
                reached_from_phast(w, m_in.origins[block[first + k]], limit_w, w.phast->data() + k, L);
                visit(block[first + k]);
            }
        }
    }

    // Keeps cost c among service s's k nearest so far. Once every service that needs
    // nearest destinations has its k, the cut-off becomes the farthest of them or the
    // static need of the other measures, whichever is larger.
    void note_nearest(Worker& w, std::uint32_t s, Weight c, std::size_t& services_open, Weight& cutoff,
                      Weight limit_w) const {
        const auto k = m_k_per_service[s];
        auto& kb = w.kbest[s];
        if (k == 0 || (kb.size() == k && c >= kb.back())) return;
        const bool was_full = kb.size() == k;
        kb.insert(std::upper_bound(kb.begin(), kb.end(), c), c);
        if (kb.size() > k) kb.pop_back();
        if (!was_full && kb.size() == k) --services_open;
        if (services_open == 0) {
            Weight need = m_static_w;
            for (std::size_t t = 0; t < w.kbest.size(); ++t) {
                if (m_k_per_service[t] > 0) need = std::max(need, w.kbest[t].back());
            }
            cutoff = std::min(limit_w, need);
        }
    }

    // The same reach through PHAST: every distance is known after one sweep, so each
    // destination's cost is read from its anchors' distances and the cut-off is found as
    // the destinations stream: the static need of the measures, or each service's n-th
    // nearest if that is farther. It only shrinks, so whatever lies beyond it when met is
    // beyond the final one too (no measure depends on it), and whole anchor groups beyond
    // it are skipped.
    // `dist` holds this origin's distance at sweep position p in dist[p * stride].
    void reached_from_phast(Worker& w, const AccessOrigin& o, Weight limit_w, const Weight* dist,
                            std::size_t stride) const {
        const bool track_k = m_services_with_k > 0;
        if (track_k) {
            for (auto& kb : w.kbest) kb.clear();
        }
        std::size_t services_open = m_services_with_k;
        Weight bound = track_k ? limit_w : std::min(limit_w, m_static_w);
        const bool on_link = o.at.ok() && o.at.link < m_g.link_count();
        constexpr auto kNoPosition = DestinationIndex::kNoPosition;
        const auto& groups = m_index.groups;
        const std::uint32_t* member_dest = m_index.member_dest.data();
        const Weight* c0 = m_index.member_c0.data();
        const Weight* c1 = m_index.member_c1.data();
        w.reached.clear();
        for (std::size_t gi = 0; gi + 1 < groups.size(); ++gi) {
            const auto& grp = groups[gi];
            const std::uint64_t d0 = dist[grp.p0 * stride];
            const std::uint64_t d1 = grp.p1 == kNoPosition ? kUnreachable : dist[grp.p1 * stride];
            const bool same_link = on_link && grp.link == o.at.link;  // may be nearer directly
            if (!same_link && std::min(d0, d1) > bound) continue;
            for (auto m = grp.first; m < groups[gi + 1].first; ++m) {
                std::uint64_t c = std::min(d0 + c0[m], d1 + c1[m]);
                const auto j = member_dest[m];
                if (same_link) {
                    c = std::min<std::uint64_t>(c, graph::direct_cost(m_g, graph::Metric::Time, o.at, m_in.destinations[j].at));
                }
                if (c > bound) continue;
                const auto cw = static_cast<Weight>(c);
                w.reached.push_back({cw, j, cw * m_g.time_unit_s / 60.0});  // as Dijkstra's, to the bit
                if (track_k) note_nearest(w, m_dest_service[j], cw, services_open, bound, limit_w);
            }
        }
        w.last_cutoff = bound;
        w.last_settled = m_selection.size();  // the sweep visits every selected node
        std::erase_if(w.reached, [&](const Reach& r) { return r.cost > bound; });
    }

    // Searches from one origin and lists the destinations it reaches within what the
    // measures need. Nearest-type measures need only as far as each service's n-th
    // nearest, so once every such service has its n-th the search stops there (or at the
    // fixed need of the other measures, if farther): the same values, far fewer nodes.
    void reached_from_dijkstra(Worker& w, const AccessOrigin& o, Weight limit_w) const {
        std::array<graph::SearchSource, 2> sources{};
        for (std::uint8_t k = 0; k < o.at.count; ++k) sources[k] = {o.at.anchors[k].node, o.at.anchors[k].cost};
        w.touched.clear();
        std::size_t services_open = m_services_with_k;
        for (auto& kb : w.kbest) kb.clear();
        Weight cutoff = services_open > 0 ? limit_w : std::min(limit_w, m_static_w);
        auto offer = [&](std::uint32_t j, std::uint64_t c) {
            if (c > limit_w) return;
            if (w.best[j] == kUnreachable) {
                w.touched.push_back(j);
                note_nearest(w, m_dest_service[j], static_cast<Weight>(c), services_open, cutoff, limit_w);
            }
            w.best[j] = std::min<Weight>(w.best[j], static_cast<Weight>(c));
        };
        if (o.at.ok() && o.at.link < m_g.link_count()) {
            for (auto p = m_index.link_first[o.at.link]; p < m_index.link_first[o.at.link + 1]; ++p) {
                const auto j = m_index.link_dest[p];
                const Weight c = graph::direct_cost(m_g, graph::Metric::Time, o.at, m_in.destinations[j].at);
                if (c != kUnreachable) offer(j, c);
            }
        }
        w.search.begin(std::span(sources.data(), o.at.count));
        NodeId v = kInvalidNode;
        Weight dv = 0;
        while (w.search.settle_next(v, dv, cutoff)) {
            for (auto p = m_index.node_first[v]; p < m_index.node_first[v + 1]; ++p) {
                offer(m_index.node_dest[p], std::uint64_t{dv} + m_index.node_cost[p]);
            }
        }
        w.last_cutoff = cutoff;
        w.last_settled = w.search.settled().size();
        w.reached.clear();
        for (auto j : w.touched) {
            w.reached.push_back({w.best[j], j, w.best[j] * m_g.time_unit_s / 60.0});
            w.best[j] = kUnreachable;
        }
        // No sort: minima and n-th costs are kept incrementally, and sums run in the
        // (deterministic) order destinations were first reached.
    }

    // BFCA needs each origin's row sum of f per service: both kinds in the supply step,
    // only the supply-preserving kind again in the demand step (`demand_step`).
    void fill_row_sums(Worker& w, bool demand_step = false) const {
        const std::size_t services = m_in.services.size();
        std::fill(w.row_sum.begin(), w.row_sum.end(), 0.0);
        for (std::size_t a = 0; a < m_layout.accumulators.size(); ++a) {
            const auto& acc = m_layout.accumulators[a];
            if (!acc.balanced || (demand_step && acc.column_normalised)) continue;
            const Decay& f = m_in.measures[acc.measure].decay;
            for (const auto& r : w.reached) w.row_sum[a * services + m_in.destinations[r.dest].service] += f(r.cost_min);
        }
    }

    // Pass 1: every per-origin column except FCA, and the chunk's cross-origin sums.
    void first_pass(Worker& w, std::size_t i, double* row, ChunkSums& sums) const {
        const auto& o = m_in.origins[i];
        for (const auto& p : m_layout.plans) {
            const bool cost_like = m_layout.columns[p.column].null_when_unreached;
            row[p.column] = cost_like ? kNull : 0.0;
        }
        for (auto& buf : w.nth) buf.clear();
        const std::size_t services = m_in.services.size();
        const std::size_t dests = m_in.destinations.size();
        fill_row_sums(w);
        for (const auto& r : w.reached) {
            const auto& d = m_in.destinations[r.dest];
            for (auto pi : m_layout.plans_by_service[d.service]) {
                const auto& p = m_layout.plans[pi];
                double& cell = row[p.column];
                switch (p.role) {
                    case ColumnRole::Nearest:
                    case ColumnRole::JtsAmt:
                        if (!(cell <= r.cost_min)) cell = r.cost_min;  // NaN compares false
                        break;
                    case ColumnRole::Nth: {
                        // The n smallest costs so far, ascending; n is small (nth:3).
                        auto& buf = w.nth[pi];
                        if (buf.size() < static_cast<std::size_t>(p.n) || r.cost_min < buf.back()) {
                            buf.insert(std::upper_bound(buf.begin(), buf.end(), r.cost_min), r.cost_min);
                            if (buf.size() > static_cast<std::size_t>(p.n)) buf.pop_back();
                        }
                        break;
                    }
                    case ColumnRole::Cumulative:
                        if (r.cost_min <= p.time_min) cell += d.weight;
                        break;
                    case ColumnRole::JtsDest:
                        if (r.cost_min <= p.time_min) cell = 1.0;
                        break;
                    case ColumnRole::JtsOrig:
                        if (r.cost_min <= p.time_min) cell = std::min(cell + 1.0, 10.0);
                        break;
                    case ColumnRole::Hansen:
                        cell += d.weight * m_in.measures[p.measure].decay(r.cost_min);
                        break;
                    case ColumnRole::Fca: break;  // second pass
                }
            }
            for (std::size_t a = 0; a < m_layout.accumulators.size(); ++a) {
                const auto& acc = m_layout.accumulators[a];
                const double f = m_in.measures[acc.measure].decay(r.cost_min);
                if (f == 0.0) continue;
                const double population = usable_amount(o.population) ? o.population : 0.0;
                double contribution = population * f;
                if (acc.balanced) {
                    const double row_sum = w.row_sum[a * services + d.service];
                    contribution = row_sum > 0.0 ? population * f / row_sum : 0.0;
                    if (acc.column_normalised) sums.column[a * dests + r.dest] += f;
                }
                sums.demand[a * dests + r.dest] += contribution;
            }
        }
        for (std::size_t pi = 0; pi < m_layout.plans.size(); ++pi) {
            const auto& p = m_layout.plans[pi];
            if (p.role == ColumnRole::Nth && w.nth[pi].size() == static_cast<std::size_t>(p.n)) row[p.column] = w.nth[pi].back();
        }
    }

    // Pass 2: FCA accessibility from the supply ratios R_j (and BFCA column sums G_j).
    // Paez BFCA: A_i = sum of R_j f_ij / G_j (column-normalised); the supply-preserving
    // kind: A_i = sum of R_j f_ij / F_i (row-normalised, as in the supply step).
    void second_pass(Worker& w, double* row, const std::vector<double>& ratio,
                     const std::vector<double>& column) const {
        const std::size_t dests = m_in.destinations.size();
        const std::size_t services = m_in.services.size();
        fill_row_sums(w, true);
        for (const auto& p : m_layout.plans) {
            if (p.role == ColumnRole::Fca) row[p.column] = 0.0;
        }
        for (const auto& r : w.reached) {
            const auto& d = m_in.destinations[r.dest];
            for (auto pi : m_layout.plans_by_service[d.service]) {
                const auto& p = m_layout.plans[pi];
                if (p.role != ColumnRole::Fca) continue;
                const double rj = ratio[p.accumulator * dests + r.dest];
                if (!(rj > 0.0)) continue;
                const double f = m_in.measures[p.measure].decay(r.cost_min);
                const auto& acc = m_layout.accumulators[p.accumulator];
                if (acc.column_normalised) {
                    const double gj = column[p.accumulator * dests + r.dest];
                    if (gj > 0.0) row[p.column] += rj * f / gj;
                } else if (acc.balanced) {
                    const double fi = w.row_sum[p.accumulator * services + d.service];
                    if (fi > 0.0) row[p.column] += rj * f / fi;
                } else {
                    row[p.column] += rj * f;
                }
            }
        }
    }

private:
    const AccessInputs& m_in;
    const graph::RoadGraph& m_g;
    const Layout& m_layout;
    DestinationIndex m_index;
    std::vector<std::uint32_t> m_dest_service;
    std::vector<std::size_t> m_k_per_service;
    std::size_t m_services_with_k = 0;
    Weight m_static_w = 0;
    const graph::ContractionHierarchy* m_ch = nullptr;
    graph::SweepSelection m_selection;
};

// PHAST costs a hierarchy up front (on PRISM about as much as 500 full Dijkstra trees)
// and then about a tenth of a full tree per origin, whatever the cut-off. Dijkstra costs
// what each search settles. A deterministic sample of origins measures that, so the choice
// depends on the inputs only, never on timing.
SearchEngine choose_engine(const AccessInputs& in, const Engine& engine, Weight limit_w, std::size_t services,
                           std::size_t accs, std::size_t plans) {
    const auto& g = *in.graph;
    std::vector<std::size_t> snapped;
    for (std::size_t i = 0; i < in.origins.size(); ++i) {
        if (in.origins[i].at.ok()) snapped.push_back(i);
    }
    if (snapped.size() < 200 || g.node_count() < 1000) return SearchEngine::Dijkstra;
    Worker w(g, in.destinations.size(), services, accs, plans);
    constexpr std::size_t kSamples = 32;
    double settled = 0.0;
    for (std::size_t s = 0; s < kSamples; ++s) {
        engine.reached_from_dijkstra(w, in.origins[snapped[s * snapped.size() / kSamples]], limit_w);
        settled += static_cast<double>(w.last_settled);
    }
    const double share = settled / kSamples / static_cast<double>(g.node_count());
    return static_cast<double>(snapped.size()) * (share - 0.15) > 600.0 ? SearchEngine::Phast : SearchEngine::Dijkstra;
}
// Every rank's chunk sums to every rank (pass-1 sums cross ranks), so each can reduce
// them in chunk order as one process does.
void share_chunk_sums(const ProcessGroup& group, const std::vector<std::size_t>& mine, std::vector<ChunkSums>& sums,
                      std::size_t chunks) {
    BytePacker pack;
    for (auto c : mine) {
        pack.put_array(sums[c].demand);
        pack.put_array(sums[c].column);
    }
    const auto all = group.all_gather(pack.take());
    for (std::size_t r = 0; r < all.size(); ++r) {
        ByteUnpacker msg(all[r]);
        for (std::size_t c = r; c < chunks; c += all.size()) {
            sums[c].demand = msg.get_array<double>();
            sums[c].column = msg.get_array<double>();
        }
    }
}

// Rank 0 receives every other rank's origin rows (values, status, cut-off, OD).
void gather_rows(const ProcessGroup& group, const std::vector<std::size_t>& mine, std::size_t chunk, AccessResult& result) {
    const std::size_t n = result.status.size();
    const std::size_t cols = result.columns.size();
    const bool od = !result.od.empty();
    BytePacker pack;
    pack.put<std::uint64_t>(result.settled_nodes);
    for (auto c : mine) {
        const std::size_t a = c * chunk, b = std::min(n, (c + 1) * chunk);
        pack.put_array(std::span<const double>(result.values.data() + a * cols, (b - a) * cols));
        pack.put_array(std::span<const OriginStatus>(result.status.data() + a, b - a));
        pack.put_array(std::span<const Weight>(result.origin_cutoff.data() + a, b - a));
        for (std::size_t i = a; od && i < b; ++i) pack.put_array(result.od[i]);
    }
    const auto all = group.gather(pack.take());
    if (!group.root()) return;
    const std::size_t chunks = (n + chunk - 1) / chunk;
    result.settled_nodes = 0;
    for (std::size_t r = 0; r < all.size(); ++r) {
        ByteUnpacker msg(all[r]);
        result.settled_nodes += msg.get<std::uint64_t>();
        for (std::size_t c = r; c < chunks; c += all.size()) {
            const std::size_t a = c * chunk;
            const auto values = msg.get_array<double>();
            const auto status = msg.get_array<OriginStatus>();
            const auto cutoff = msg.get_array<Weight>();
            std::copy(values.begin(), values.end(), result.values.begin() + static_cast<std::ptrdiff_t>(a * cols));
            std::copy(status.begin(), status.end(), result.status.begin() + static_cast<std::ptrdiff_t>(a));
            std::copy(cutoff.begin(), cutoff.end(), result.origin_cutoff.begin() + static_cast<std::ptrdiff_t>(a));
            for (std::size_t i = a; od && i < a + status.size(); ++i) result.od[i] = msg.get_array<OdEntry>();
        }
    }
}
}  // namespace

AccessResult run_access(const AccessInputs& in, const std::function<void(std::size_t)>& progress) {
    if (!in.graph) throw ConfigError("run_access: no graph");
    const auto& g = *in.graph;
    const Layout layout = detail::make_layout(in);
    AccessResult result;
    result.columns = layout.columns;
    result.search_limit_min = search_limit_min(in.measures, in.unbounded_limit_min);
    const double limit_w_d = result.search_limit_min * 60.0 / g.time_unit_s;
    const Weight limit_w = limit_w_d >= kUnreachable - 1 ? kUnreachable - 1 : static_cast<Weight>(limit_w_d);
    Engine engine(in, layout, limit_w);
    result.engine_used = in.engine == SearchEngine::Auto
                             ? choose_engine(in, engine, limit_w, in.services.size(), layout.accumulators.size(), layout.plans.size())
                             : in.engine;
    std::optional<graph::ContractionHierarchy> hierarchy;
    if (result.engine_used == SearchEngine::Phast && in.hierarchy) {
        if (in.note) in.note("using the stored contraction hierarchy for PHAST searches");
        engine.use_hierarchy(*in.hierarchy);
    } else if (result.engine_used == SearchEngine::Phast) {
        if (in.note) {
            in.note("building a contraction hierarchy of " + std::to_string(g.node_count()) + " nodes for PHAST searches");
        }
        const auto t0 = std::chrono::steady_clock::now();
        graph::ContractionOptions ch_options;
        ch_options.progress = in.hierarchy_progress;
        hierarchy = graph::build_contraction_hierarchy(g, graph::Metric::Time, ch_options);
        result.hierarchy_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        engine.use_hierarchy(*hierarchy);
    }
    if (result.engine_used == SearchEngine::Phast && in.note) {
        in.note("each sweep visits " + std::to_string(engine.swept_nodes()) + " of " + std::to_string(g.node_count()) +
                " nodes (those above the destinations), sixteen origins at a time");
    }

    const std::size_t n = in.origins.size();
    const std::size_t cols = layout.columns.size();
    const std::size_t dests = in.destinations.size();
    const std::size_t accs = layout.accumulators.size();
    result.values.assign(n * cols, kNull);
    if (in.keep_od) result.od.resize(n);
    result.status.assign(n, OriginStatus::Unsnapped);
    result.origin_cutoff.assign(n, kUnreachable);

    // Fixed chunks (independent of the thread and rank counts) make the cross-origin sums
    // deterministic. With several ranks each chunk is a block dealt to rank c mod size.
    const std::size_t chunk = std::max<std::size_t>(32, (n + 127) / 128);
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const SoloGroup solo;
    const ProcessGroup& group = in.group ? *in.group : solo;
    const bool distributed = group.size() > 1;
    std::vector<std::size_t> mine;
    std::size_t mine_origins = 0;
    for (std::size_t c = 0; c < chunks; ++c) {
        if (!group.owns(c)) continue;
        mine.push_back(c);
        mine_origins += std::min(n, (c + 1) * chunk) - c * chunk;
    }
    // Progress counts this rank's origins (twice with a second pass), scaled to the whole run.
    const auto report = [&](std::size_t now) {
        if (progress) progress(distributed && mine_origins > 0 ? now * n / mine_origins : now);
    };
    // Runs one chunk; on a rank of several, an exception names the rank and the block.
    const auto guarded = [&](std::size_t c, const auto& body) {
        if (!distributed) return body();
        try {
            group.starting_block("access", c);
            body();
        } catch (...) {
            rethrow_for_block(group, "origin block " + std::to_string(c) + " (origins " + std::to_string(c * chunk + 1) + "-" +
                                         std::to_string(std::min(n, (c + 1) * chunk)) + ")");
        }
    };
    const auto t_start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    std::vector<ChunkSums> sums(accs > 0 ? chunks : 0);
    tbb::enumerable_thread_specific<Worker> workers([&] { return Worker(g, dests, in.services.size(), accs, layout.plans.size()); });
    std::atomic<std::size_t> done{0};
    std::atomic<std::uint64_t> settled{0};

    tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t mi) {
      const std::size_t c = mine[mi];
      guarded(c, [&] {
        Worker& w = workers.local();
        ChunkSums local;
        if (accs > 0) {
            local.demand.assign(accs * dests, 0.0);
            local.column.assign(accs * dests, 0.0);
        }
        std::uint64_t local_settled = 0;
        std::vector<std::size_t> block;
        for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
            if (in.origins[i].at.ok()) block.push_back(i);
        }
        engine.search_block(w, block, limit_w, [&](std::size_t i) {
            result.origin_cutoff[i] = w.last_cutoff;
            local_settled += w.last_settled;
            result.status[i] = w.reached.empty() ? OriginStatus::Unreachable : OriginStatus::Ok;
            // data() + offset, not &values[offset]: with no first-pass columns the array is empty.
            engine.first_pass(w, i, result.values.data() + i * cols, local);
            if (in.keep_od) {
                auto& row = result.od[i];
                for (const auto& r : w.reached) row.push_back({r.dest, r.cost_min});
                std::sort(row.begin(), row.end(), [](const OdEntry& a, const OdEntry& b) {
                    return a.cost_min != b.cost_min ? a.cost_min < b.cost_min : a.destination < b.destination;
                });
            }
        });
        if (accs > 0) sums[c] = std::move(local);
        settled += local_settled;
        report(done += std::min(n, (c + 1) * chunk) - c * chunk);
      });
    });
    if (distributed && accs > 0) share_chunk_sums(group, mine, sums, chunks);

    // Reduce chunk sums in chunk order.
    std::vector<double> demand(accs * dests, 0.0), column(accs * dests, 0.0);
    for (const auto& s : sums) {
        for (std::size_t k = 0; k < demand.size(); ++k) {
            demand[k] += s.demand[k];
            column[k] += s.column[k];
        }
    }
    sums.clear();

    // Supply ratios R_j = O_j / demand_j.
    std::vector<double> ratio(accs * dests, kNull);
    for (std::size_t a = 0; a < accs; ++a) {
        for (std::size_t j = 0; j < dests; ++j) {
            const double dj = demand[a * dests + j];
            if (dj > 0.0) ratio[a * dests + j] = in.destinations[j].weight / dj;
        }
    }

    if (layout.needs_second_pass) {
        tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t mi) {
          const std::size_t c = mine[mi];
          guarded(c, [&] {
            Worker& w = workers.local();
            std::vector<std::size_t> block;
            for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
                if (in.origins[i].at.ok()) block.push_back(i);
            }
            engine.search_block(w, block, limit_w, [&](std::size_t i) {
                engine.second_pass(w, result.values.data() + i * cols, ratio, column);
            });
            report(done += std::min(n, (c + 1) * chunk) - c * chunk);
          });
        });
    }
    result.settled_nodes = settled.load();
    const double search_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    const double search_cpu_s = process_cpu_seconds() - cpu_start;
    if (distributed) gather_rows(group, mine, chunk, result);
    group.record_step("access searches, " + std::to_string(n) + " origins", search_s, mine.size(), search_cpu_s);

    // Destination columns: passive Hansen (population reaching j) and FCA supply ratios.
    for (std::size_t a = 0; a < accs; ++a) {
        const Measure& m = in.measures[layout.accumulators[a].measure];
        std::string name;
        std::string desc;
        switch (m.kind) {
            case MeasureKind::HansenPassive:
                name = "hansen_passive_" + m.decay.spec();
                desc = "passive Hansen: population that can reach this destination, sum of P_i f(c_ij)";
                break;
            case MeasureKind::Fca2s:
                name = "2sfca_ratio_" + m.decay.spec();
                desc = "2SFCA supply-to-demand ratio R_j = O_j / sum of P_i f(c_ij)";
                break;
            case MeasureKind::BfcaSupply:
                name = "bfca_supply_ratio_" + m.decay.spec();
                desc = "supply-preserving balanced FCA ratio R_j = O_j / sum of P_i f(c_ij) / F_i";
                break;
            default:
                name = "bfca_ratio_" + m.decay.spec();
                desc = "balanced FCA level of service R_j = O_j / sum of P_i f(c_ij) / F_i";
        }
        for (auto& ch : name) {
            if (ch == ':' || ch == '.' || ch == '=') ch = '_';
        }
        result.destination_columns.push_back({name, desc, m.kind != MeasureKind::HansenPassive});
    }
    result.destination_values.assign(dests * accs, kNull);
    for (std::size_t j = 0; j < dests; ++j) {
        if (!in.destinations[j].at.ok() || !usable_amount(in.destinations[j].weight)) continue;
        for (std::size_t a = 0; a < accs; ++a) {
            const bool passive = in.measures[layout.accumulators[a].measure].kind == MeasureKind::HansenPassive;
            result.destination_values[j * accs + a] = passive ? demand[a * dests + j] : ratio[a * dests + j];
        }
    }
    return result;
}

std::string search_engine_name(SearchEngine e) {
    switch (e) {
        case SearchEngine::Auto: return "auto";
        case SearchEngine::Dijkstra: return "dijkstra";
        case SearchEngine::Phast: return "phast";
    }
    return "auto";
}

SearchEngine parse_search_engine(const std::string& name) {
    for (auto e : {SearchEngine::Auto, SearchEngine::Dijkstra, SearchEngine::Phast}) {
        if (search_engine_name(e) == name) return e;
    }
    throw ConfigError("unknown search engine '" + name + "' (auto, dijkstra or phast)");
}

}  // namespace midlink::analysis
