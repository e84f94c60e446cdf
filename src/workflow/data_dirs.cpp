#include "midlink/workflow/data_dirs.hpp"

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

DataDirs find_data_dirs(const fs::path& prefix) {
    const fs::path share = prefix / "share" / "midlink";
    DataDirs dirs{(share / "profiles").string(), (share / "lookups").string()};
    if (const char* env = std::getenv("MIDLINK_PROFILES"); env && *env) dirs.profiles_dir = env;
    if (const char* env = std::getenv("MIDLINK_LOOKUPS"); env && *env) dirs.lookups_dir = env;
    return dirs;
}

DataDirs find_data_dirs() { return find_data_dirs(program_prefix()); }

}  // namespace midlink::workflow
