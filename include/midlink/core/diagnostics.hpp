#pragma once
// Per-feature problems collected while reading or building, written beside outputs and
// summarised as counts. They never stop a run unless the user asks for --strict.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace midlink {

enum class Severity { Info, Warning, Error };

struct Diagnostic {
    std::string code;     // stable, machine-readable: "invalid_coordinate", "self_loop", ...
    Severity severity = Severity::Warning;
    std::string where;    // file, layer, feature id or row
    std::string message;  // one sentence for a person
};

class Diagnostics {
public:
    /// Keeps at most `max_kept` entries in full; counts every one. The default keeps any
    /// real input's diagnostics (a few hundred bytes each); past it, the diagnostics CSV
    /// ends with a row saying how many were counted but not listed.
    explicit Diagnostics(std::size_t max_kept = kDefaultMaxKept) : m_max_kept(max_kept) {}
    static constexpr std::size_t kDefaultMaxKept = 2'000'000;

    void add(std::string code, std::string where, std::string message,
             Severity severity = Severity::Warning);
    void merge(const Diagnostics& other);

    [[nodiscard]] const std::vector<Diagnostic>& items() const { return m_items; }
    [[nodiscard]] const std::map<std::string, std::size_t>& counts() const { return m_counts; }
    [[nodiscard]] std::size_t count(const std::string& code) const;
    [[nodiscard]] std::size_t total() const { return m_total; }
    [[nodiscard]] bool empty() const { return m_total == 0; }
    /// Counted but not kept in items(): past the limit given to the constructor.
    [[nodiscard]] std::size_t not_kept() const { return m_total - m_items.size(); }

private:
    std::size_t m_max_kept;
    std::size_t m_total = 0;
    std::vector<Diagnostic> m_items;
    std::map<std::string, std::size_t> m_counts;
};

}  // namespace midlink
