// libFuzzer harness: the scenario YAML parser (parse_scenarios_yaml, points into EPSG:27700).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include <string>

#include "midlink/io/scenario_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    try {
        (void)midlink::io::parse_scenarios_yaml(std::string(as_text(data, size)), "fuzz.yaml", "EPSG:27700");
    } catch (const midlink::Error&) {
    }
    return 0;
}
