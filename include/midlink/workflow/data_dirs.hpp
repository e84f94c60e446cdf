#pragma once
// Where midlink's shipped data is: the routing profiles (car.yaml, hgv.yaml, ...) and the
// area lookups (lad-boundary-changes.csv). An installation keeps them in
// <prefix>/share/midlink/{profiles,lookups} beside <prefix>/bin/midlink, so they are found
// from the running program, wherever the installation was moved; nothing about the source
// tree is compiled in. A build tree has the same layout: its share/midlink holds links to
// the source tree's geodata/ (made when CMake configures), so build/release/tools/midlink
// finds them the same way.
#include <filesystem>
#include <string>

namespace midlink::workflow {

struct DataDirs {
    std::string profiles_dir;
    std::string lookups_dir;
};

/// The installation prefix of the running program: the folder above the one that holds
/// it (/opt/midlink for /opt/midlink/bin/midlink, build/release for
/// build/release/tools/midlink), from /proc/self/exe. Empty when that cannot be read.
std::filesystem::path program_prefix();

/// The installation prefix of the file this code was linked into (the program, or the
/// Python module under lib/python3/...), found with dladdr: the nearest of its folder's
/// ancestors, up to five levels, that holds share/midlink. Empty when there is none. The
/// facade (midlink::Graph) and the Python module use it.
std::filesystem::path code_prefix();

/// MIDLINK_PROFILES and MIDLINK_LOOKUPS when set (each on its own), otherwise
/// <prefix>/share/midlink/profiles and <prefix>/share/midlink/lookups, whether or not they
/// exist (a missing profile is then reported with that path); with an empty prefix, empty
/// (the built-in profiles only). A program that is not installed beside midlink (a C++
/// program linking midlink::midlink) passes the prefix midlink was installed to, or
/// code_prefix().
DataDirs find_data_dirs(const std::filesystem::path& prefix);

/// find_data_dirs(program_prefix()): what the `midlink` command uses.
DataDirs find_data_dirs();

}  // namespace midlink::workflow
