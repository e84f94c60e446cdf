#include "midlink/workflow/text_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "midlink/core/error.hpp"

namespace midlink::workflow {

std::string format_number(double v, const char* format) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

void write_text_atomically(const std::string& path, const std::string& text, io::OutputSet* set) {
    namespace fs = std::filesystem;
    const std::string tmp = set ? set->member(path) : io::temporary_path(path, ::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw OutputError("cannot write " + path + ": " + std::strerror(errno));
    const bool wrote = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !wrote) {  // fclose reports a full disk the buffered write hid
        std::error_code ec;
        fs::remove(tmp, ec);
        throw OutputError("cannot write " + path + ": " + std::strerror(wrote ? errno : err));
    }
    if (set) return;
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw OutputError("cannot write " + path + ": " + ec.message());
    }
}

}  // namespace midlink::workflow
