// libFuzzer harness: the binary graph file loader (read_graph_file, .mlg).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    const std::string path = write_scratch("fuzz.mlg", as_text(data, size));
    try {
        (void)midlink::graph::read_graph_file(path);
    } catch (const midlink::Error&) {
    }
    return 0;
}
