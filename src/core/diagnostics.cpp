#include "midlink/core/diagnostics.hpp"

namespace midlink {

void Diagnostics::add(std::string code, std::string where, std::string message,
                      Severity severity) {
    ++m_total;
    ++m_counts[code];
    if (m_items.size() < m_max_kept) {
        m_items.push_back({std::move(code), severity, std::move(where), std::move(message)});
    }
}

void Diagnostics::merge(const Diagnostics& other) {
    for (const auto& d : other.m_items) {
        if (m_items.size() < m_max_kept) m_items.push_back(d);
    }
    for (const auto& [code, n] : other.m_counts) m_counts[code] += n;
    m_total += other.m_total;
}

std::size_t Diagnostics::count(const std::string& code) const {
    auto it = m_counts.find(code);
    return it == m_counts.end() ? 0 : it->second;
}

}  // namespace midlink
