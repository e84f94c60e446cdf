// libFuzzer harness: the project YAML parser (parse_project_yaml; input paths resolve in the scratch folder).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include <string>

#include "midlink/io/project_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    try {
        (void)midlink::io::parse_project_yaml(std::string(as_text(data, size)), "fuzz.yaml",
                                              scratch_dir().string());
    } catch (const midlink::Error&) {
    }
    return 0;
}
