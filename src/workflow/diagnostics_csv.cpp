#include "midlink/workflow/diagnostics_csv.hpp"

#include <sstream>

#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {

void write_diagnostics_csv(const Diagnostics& d, const std::string& path, io::OutputSet* set) {
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
    write_text_atomically(path, out.str(), set);
}

}  // namespace midlink::workflow
