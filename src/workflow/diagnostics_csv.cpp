#include "midlink/workflow/diagnostics_csv.hpp"

#include <sstream>

#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {

void write_diagnostics_csv(const Diagnostics& d, const std::string& path, io::OutputSet* set, const Context* ctx) {
    std::ostringstream out;
    out << "code,severity,where,message\n";
    auto quote = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    for (const auto& item : d.items()) {
        const char* sev = item.severity == Severity::Info ? "info" : item.severity == Severity::Warning ? "warning" : "error";
        out << item.code << ',' << sev << ',' << quote(item.where) << ',' << quote(item.message) << '\n';
    }
    if (d.not_kept() > 0) {
        std::string counts;
        for (const auto& [code, n] : d.counts()) counts += (counts.empty() ? "" : "; ") + code + " " + std::to_string(n);
        const std::string message = std::to_string(d.not_kept()) + " further diagnostics were counted but not listed (" +
                                    std::to_string(d.items().size()) + " of " + std::to_string(d.total()) +
                                    " are listed above); all counts by code: " + counts;
        out << "diagnostics_truncated,warning," << quote(path) << ',' << quote(message) << '\n';
        if (ctx) ctx->warn(path + ": " + message);
    }
    write_text_atomically(path, out.str(), set);
}

}  // namespace midlink::workflow
