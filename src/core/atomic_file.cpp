#include "midlink/core/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "midlink/core/error.hpp"

namespace midlink {
namespace fs = std::filesystem;

std::string temporary_path(const std::string& final_path, pid_t pid) {
    const fs::path p(final_path);
    const bool keep_extension = p.has_extension() && !p.stem().empty();  // GDAL picks behaviour by it
    std::string name(1, '.');
    name.append(keep_extension ? p.stem().string() : p.filename().string());
    name.append(kTemporaryNameTag).append(std::to_string(pid));
    if (keep_extension) name.append(p.extension().string());
    const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
    return (folder / name).string();
}

AtomicFile::AtomicFile(std::string final_path)
    : m_final(std::move(final_path)), m_temporary(temporary_path(m_final, ::getpid())) {}

AtomicFile::AtomicFile(std::string final_path, std::string temporary)
    : m_final(std::move(final_path)), m_temporary(std::move(temporary)) {}

AtomicFile::~AtomicFile() {
    if (m_done) return;
    std::error_code ec;
    fs::remove(m_temporary, ec);
}

void AtomicFile::commit() {
    std::error_code ec;
    fs::rename(m_temporary, m_final, ec);
    if (ec) throw OutputError("cannot write " + m_final + ": " + ec.message());
    m_done = true;
}

void write_file_atomically(const std::string& final_path, std::string_view bytes) {
    AtomicFile file(final_path);
    std::FILE* f = std::fopen(file.path().c_str(), "wb");
    if (!f) throw OutputError("cannot write " + final_path + ": " + std::strerror(errno));
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const int err = errno;
    if (std::fclose(f) != 0 || !wrote) {  // fclose reports a full disk the buffered write hid
        throw OutputError("cannot write " + final_path + ": " + std::strerror(wrote ? errno : err));
    }
    file.commit();
}

}  // namespace midlink
