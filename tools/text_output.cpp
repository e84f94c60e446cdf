#include "text_output.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"

namespace midlink::cli {

std::string format_number(double v, const char* format) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

void write_text_atomically(const std::string& path, const std::string& text) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    const fs::path tmp = p.parent_path() / ("." + p.filename().string() + ".tmp");
    {
        std::ofstream f(tmp);
        if (!f || !(f << text)) throw OutputError("cannot write " + path);
    }
    std::error_code ec;
    fs::rename(tmp, p, ec);
    if (ec) throw OutputError("cannot write " + path + ": " + ec.message());
}

}  // namespace midlink::cli
