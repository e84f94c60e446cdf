#pragma once
// What a midlink::Graph holds: the graph and, built on first use, its snappers.
#include <array>
#include <memory>
#include <mutex>

#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/midlink.hpp"

namespace midlink {

struct Graph::Impl {
    explicit Impl(graph::RoadGraph g) : graph(std::move(g)) {}

    graph::RoadGraph graph;

    /// The snapper for one connector rule (an R-tree over the links): built once, on the
    /// first query that needs it, then shared by every thread.
    [[nodiscard]] const graph::Snapper& snapper(bool connectors) const {
        const std::size_t k = connectors ? 1 : 0;
        std::call_once(m_once[k], [&] {
            m_snappers[k] = std::make_unique<graph::Snapper>(graph, graph::SnapOptions{.connectors = connectors});
        });
        return *m_snappers[k];
    }

private:
    mutable std::array<std::once_flag, 2> m_once;
    mutable std::array<std::unique_ptr<graph::Snapper>, 2> m_snappers;
};

}  // namespace midlink
