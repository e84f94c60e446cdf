#include "diagnostics_csv.hpp"

#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"

namespace midlink::cli {

void write_diagnostics_csv(const Diagnostics& d, const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path tmp = fs::path(path).parent_path() / ("." + fs::path(path).filename().string() + ".tmp");
    {
        std::ofstream out(tmp);
        if (!out) throw OutputError("cannot write diagnostics " + path);
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
    }
    fs::rename(tmp, path);
}

}  // namespace midlink::cli
