// libFuzzer harness: the junction-to-junction CSV reader (read_junction_csv, National Highways SRN layout).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    const std::string path = write_scratch("fuzz_srn.csv", as_text(data, size));
    try {
        (void)midlink::io::is_junction_csv(path);
        (void)midlink::io::read_junction_csv(path, midlink::io::ReadOptions{});
    } catch (const midlink::Error&) {
    }
    return 0;
}
