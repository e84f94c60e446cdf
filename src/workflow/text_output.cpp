#include "midlink/workflow/text_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "midlink/core/atomic_file.hpp"
#include "midlink/core/error.hpp"

namespace midlink::workflow {

std::string format_number(double v, const char* format) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), format, v);
    return buf;
}

double json_rounded(double v, const char* format) { return std::strtod(format_number(v, format).c_str(), nullptr); }

void write_text_atomically(const std::string& path, const std::string& text, io::OutputSet* set) {
    if (!set) {
        write_file_atomically(path, text);
        return;
    }
    AtomicFile file(path, set->member(path));  // removed on failure; the set renames it
    std::FILE* f = std::fopen(file.path().c_str(), "wb");
    if (!f) throw OutputError("cannot write " + path + ": " + std::strerror(errno));
    const bool wrote = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !wrote) {  // fclose reports a full disk the buffered write hid
        throw OutputError("cannot write " + path + ": " + std::strerror(wrote ? errno : err));
    }
    file.keep();
}

}  // namespace midlink::workflow
