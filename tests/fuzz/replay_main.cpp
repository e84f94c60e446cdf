// Replays fuzz inputs without libFuzzer: `midlink_fuzz_replay <target> <dir>...` feeds every
// file under the folders to that harness, the way libFuzzer replays a corpus. Each harness
// is compiled with LLVMFuzzerTestOneInput renamed to midlink_fuzz_<target>
// (tests/CMakeLists.txt). A harness lets through every exception but midlink::Error; here
// it is reported with the input's name and the run fails.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#define MIDLINK_FUZZ_TARGETS(X) \
    X(tntp_net)                 \
    X(tntp_assignment)          \
    X(gmns)                     \
    X(dimacs)                   \
    X(junction_csv)             \
    X(coverage_table)           \
    X(profile_yaml)             \
    X(project_yaml)             \
    X(scenario_yaml)            \
    X(mlg)

#define MIDLINK_FUZZ_DECLARE(name) extern "C" int midlink_fuzz_##name(const std::uint8_t*, std::size_t);
MIDLINK_FUZZ_TARGETS(MIDLINK_FUZZ_DECLARE)
#undef MIDLINK_FUZZ_DECLARE

namespace {

using Harness = int (*)(const std::uint8_t*, std::size_t);

struct Target {
    std::string_view name;
    Harness run;
};

#define MIDLINK_FUZZ_ENTRY(name) Target{#name, &midlink_fuzz_##name},
constexpr Target kTargets[] = {MIDLINK_FUZZ_TARGETS(MIDLINK_FUZZ_ENTRY)};
#undef MIDLINK_FUZZ_ENTRY

std::vector<std::filesystem::path> inputs_under(const std::vector<std::filesystem::path>& dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& dir : dirs) {
        if (!std::filesystem::is_directory(dir)) continue;  // a target may have no regressions yet
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: midlink_fuzz_replay <target> <dir>...\n";
        return 2;
    }
    const std::string_view name = argv[1];
    const auto target = std::find_if(std::begin(kTargets), std::end(kTargets),
                                     [&](const Target& t) { return t.name == name; });
    if (target == std::end(kTargets)) {
        std::cerr << "midlink_fuzz_replay: unknown target '" << name << "'\n";
        return 2;
    }
    const auto files = inputs_under(std::vector<std::filesystem::path>(argv + 2, argv + argc));
    if (files.empty()) {
        std::cerr << "midlink_fuzz_replay: no inputs for " << name << " (is the corpus missing?)\n";
        return 1;
    }
    int failed = 0;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            std::cerr << file.string() << ": escaped as " << typeid(e).name() << ": " << e.what() << '\n';
            ++failed;
        } catch (...) {
            std::cerr << file.string() << ": a non-std exception escaped\n";
            ++failed;
        }
    }
    std::cout << name << ": " << files.size() << " inputs, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
