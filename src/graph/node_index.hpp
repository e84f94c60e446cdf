#pragma once
// NodeKey -> NodeId for the graph builder, in two flat arrays (open addressing, linear
// probing). A std::unordered_map allocates one small block per node, 4 M of them on a
// national network, which stay in the process after the map is gone; these arrays are
// two allocations that go back to the system, and a third of the size.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "midlink/core/ids.hpp"

namespace midlink::graph::detail {

class NodeIndex {
public:
    /// Sized for `expected` keys without growing.
    explicit NodeIndex(std::size_t expected) { resize(slots_for(expected)); }

    /// The id of `key`, given `next` when it is new; second is true when it was.
    std::pair<NodeId, bool> emplace(NodeKey key, NodeId next) {
        if (m_size + 1 > m_ids.size() / 10 * 7) resize(m_ids.size() * 2);
        std::size_t i = slot(key);
        while (m_ids[i] != kInvalidNode) {
            if (m_keys[i] == key) return {m_ids[i], false};
            i = (i + 1) & m_mask;
        }
        m_keys[i] = key;
        m_ids[i] = next;
        ++m_size;
        return {next, true};
    }

private:
    static std::size_t slots_for(std::size_t keys) {
        std::size_t n = 16;
        while (n / 10 * 7 < keys) n *= 2;
        return n;
    }
    std::size_t slot(NodeKey key) const {
        // splitmix64's finaliser: OSM ids and GMNS's sequential ids spread over every slot.
        auto x = static_cast<std::uint64_t>(key);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<std::size_t>(x ^ (x >> 31)) & m_mask;
    }
    void resize(std::size_t slots) {
        std::vector<NodeKey> keys(slots);
        std::vector<NodeId> ids(slots, kInvalidNode);
        keys.swap(m_keys);
        ids.swap(m_ids);
        m_mask = slots - 1;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] == kInvalidNode) continue;
            std::size_t j = slot(keys[i]);
            while (m_ids[j] != kInvalidNode) j = (j + 1) & m_mask;
            m_keys[j] = keys[i];
            m_ids[j] = ids[i];
        }
    }

    std::vector<NodeKey> m_keys;
    std::vector<NodeId> m_ids;  // kInvalidNode: empty slot
    std::size_t m_size = 0;
    std::size_t m_mask = 0;
};

}  // namespace midlink::graph::detail
