#include "midlink/io/output_set.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "midlink/core/error.hpp"

namespace midlink::io {
namespace fs = std::filesystem;

namespace {
constexpr const char* kTempTag = kTemporaryNameTag;

fs::path folder_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

// A zombie (exited, not yet reaped) counts as dead: it writes nothing more. Containers whose
// init reaps late keep the killed ranks of an aborted MPI job as zombies for a while.
bool pid_is_dead(pid_t pid) {
    if (::kill(pid, 0) != 0) return errno == ESRCH;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto name_end = line.rfind(')');  // "PID (NAME) STATE ...": the name may hold spaces
    return name_end != std::string::npos && name_end + 2 < line.size() && line[name_end + 2] == 'Z';
}

std::string errno_text() { return std::strerror(errno); }
}  // namespace

pid_t temporary_owner(const std::string& file_name) {
    if (file_name.empty() || file_name[0] != '.') return -1;
    const auto at = file_name.rfind(kTempTag);
    if (at == std::string::npos) return -1;
    std::size_t i = at + std::strlen(kTempTag);
    long pid = 0;
    const std::size_t first_digit = i;
    for (; i < file_name.size() && std::isdigit(static_cast<unsigned char>(file_name[i])) && pid < (1L << 31); ++i) {
        pid = pid * 10 + (file_name[i] - '0');
    }
    if (i == first_digit || pid <= 0 || pid >= (1L << 31)) return -1;
    if (i < file_name.size() && file_name[i] != '.') return -1;
    return static_cast<pid_t>(pid);
}

std::size_t remove_dead_temporaries(const std::string& folder) {
    std::size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const pid_t owner = temporary_owner(it->path().filename().string());
        if (owner <= 0 || !pid_is_dead(owner)) continue;
        std::error_code rm;
        fs::remove_all(it->path(), rm);  // GDAL may leave a -journal or -wal beside it: same pattern
        removed += !rm;
    }
    return removed;
}

OutputSet::OutputSet(const std::string& anchor) : m_anchor(anchor), m_lock_path(anchor + ".lock") {
    lock();
    remove_dead_temporaries(folder_of(m_anchor).string());
}

OutputSet::~OutputSet() {
    if (!m_committed) remove_temporaries();
    unlock();
}

void OutputSet::lock() {
    // The holder unlinks the lock file when it finishes; a run that opened the old file in
    // that moment holds a lock on nothing, so it checks that its file is still the one at
    // the path, and tries again if not.
    for (int attempt = 0; attempt < 20; ++attempt) {
        const int fd = ::open(m_lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) throw OutputError("cannot write " + m_anchor + ": cannot create lock file " + m_lock_path + ": " + errno_text());
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            char buf[32] = {};
            const auto n = ::pread(fd, buf, sizeof(buf) - 1, 0);
            std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("unknown");
            holder.erase(std::remove(holder.begin(), holder.end(), '\n'), holder.end());
            ::close(fd);
            if (err == EWOULDBLOCK) {
                throw OutputError("cannot write " + m_anchor + ": another midlink run (pid " + holder +
                                  ") is writing it; lock file " + m_lock_path + ". Wait for it, or write elsewhere");
            }
            throw OutputError("cannot write " + m_anchor + ": cannot lock " + m_lock_path + ": " + std::strerror(err));
        }
        struct stat held {}, named {};
        if (::fstat(fd, &held) == 0 && ::stat(m_lock_path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
            held.st_dev == named.st_dev) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
                // The pid is only for the message a second run prints; the lock itself holds.
            }
            m_lock_fd = fd;
            return;
        }
        ::close(fd);
    }
    throw OutputError("cannot write " + m_anchor + ": lock file " + m_lock_path + " keeps changing");
}

void OutputSet::unlock() noexcept {
    if (m_lock_fd < 0) return;
    ::unlink(m_lock_path.c_str());  // while still holding it, so no run locks a removed file unnoticed
    ::close(m_lock_fd);
    m_lock_fd = -1;
}

std::string OutputSet::member(const std::string& final_path) {
    for (const auto& m : m_members) {
        if (m.final_path == final_path) return m.temp_path;
    }
    m_members.push_back({final_path, temporary_path(final_path, ::getpid())});
    return m_members.back().temp_path;
}

void OutputSet::remove_temporaries() noexcept {
    for (const auto& m : m_members) {
        std::error_code ec;
        fs::remove(m.temp_path, ec);
    }
}

std::string OutputSet::members_path() const {
    const fs::path a(m_anchor);
    std::string name(1, '.');  // appended, not "." + ...: GCC 12 warns falsely (-Wrestrict) on that
    name.append(a.filename().string()).append(".midlink-members");
    return (folder_of(a) / name).string();
}

bool OutputSet::is_own_sidecar(const std::string& name) const {
    const fs::path a(m_anchor);
    const std::string stem = a.stem().string() + "_";
    const std::string file = a.filename().string() + ".";
    const bool csv = name.size() > stem.size() + 4 && name.compare(0, stem.size(), stem) == 0 &&
                     name.compare(name.size() - 4, 4, ".csv") == 0;
    const bool beside = name.size() > file.size() && name.compare(0, file.size(), file) == 0 && name != file + "lock";
    return csv || beside;
}

void OutputSet::commit() {
    if (m_committed) return;
    // Members in the anchor's folder that were written, the anchor itself last.
    std::vector<const Member*> written;
    for (const auto& m : m_members) {
        if (fs::exists(m.temp_path)) written.push_back(&m);
    }
    std::stable_partition(written.begin(), written.end(), [&](const Member* m) { return m->final_path != m_anchor; });
    // A clash that rename would refuse is found before anything moves.
    for (const auto* m : written) {
        std::error_code ec;
        if (fs::is_directory(m->final_path, ec)) {
            throw OutputError("cannot write " + m->final_path + ": a folder of that name is in the way");
        }
    }
    for (const auto* m : written) {
        std::error_code ec;
        fs::rename(m->temp_path, m->final_path, ec);
        if (ec) throw OutputError("cannot write " + m->final_path + ": rename from " + m->temp_path + ": " + ec.message());
    }
    m_committed = true;
    const fs::path folder = folder_of(fs::path(m_anchor));
    std::vector<std::string> names;
    for (const auto* m : written) {
        const fs::path p(m->final_path);
        std::error_code ec;
        if (fs::equivalent(folder_of(p), folder, ec)) names.push_back(p.filename().string());
    }
    remove_stale_sidecars(names);
    // The record of what this run wrote, for the next run's stale-sidecar removal.
    const std::string list = members_path();
    const std::string tmp = temporary_path(list, ::getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& n : names) out << n << '\n';
        if (!out) throw OutputError("cannot write " + list);
    }
    std::error_code ec;
    fs::rename(tmp, list, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw OutputError("cannot write " + list + ": " + ec.message());
    }
}

void OutputSet::remove_stale_sidecars(const std::vector<std::string>& written) const {
    std::ifstream in(members_path());
    const fs::path folder = folder_of(fs::path(m_anchor));
    for (std::string name; std::getline(in, name);) {
        if (name.empty() || name.find('/') != std::string::npos || !is_own_sidecar(name)) continue;
        if (std::find(written.begin(), written.end(), name) != written.end()) continue;
        std::error_code ec;
        if (fs::is_regular_file(folder / name, ec)) fs::remove(folder / name, ec);
    }
}

}  // namespace midlink::io
