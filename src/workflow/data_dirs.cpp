#include "midlink/workflow/data_dirs.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <system_error>

namespace midlink::workflow {
namespace fs = std::filesystem;

fs::path program_prefix() {
    // /proc/self/exe is the program itself with every symlink resolved, so a link to
    // the binary (/usr/local/bin/midlink -> /opt/midlink/bin/midlink) finds its real prefix.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().parent_path();
}

fs::path code_prefix() {
    static const char anchor = 0;  // lives in whatever file this library was linked into
    Dl_info info{};
    if (dladdr(&anchor, &info) == 0 || !info.dli_fname) return {};
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(info.dli_fname, ec).parent_path();
    // bin/, lib/ or lib/python3/dist-packages/midlink/: a few levels at most.
    for (int up = 0; up < 5 && !dir.empty(); ++up, dir = dir.parent_path()) {
        if (fs::is_directory(dir / "share" / "midlink", ec)) return dir;
        if (dir == dir.root_path()) break;
    }
    return {};
}

DataDirs find_data_dirs(const fs::path& prefix) {
    DataDirs dirs;  // no prefix: empty, so only the built-in profiles, never ./share/...
    if (!prefix.empty()) {
        const fs::path share = prefix / "share" / "midlink";
        dirs = {(share / "profiles").string(), (share / "lookups").string()};
    }
    if (const char* env = std::getenv("MIDLINK_PROFILES"); env && *env) dirs.profiles_dir = env;
    if (const char* env = std::getenv("MIDLINK_LOOKUPS"); env && *env) dirs.lookups_dir = env;
    return dirs;
}

DataDirs find_data_dirs() { return find_data_dirs(program_prefix()); }

}  // namespace midlink::workflow
