// libFuzzer harness: the DIMACS shortest-path graph reader (read_dimacs, plain or xz).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    const std::string path = write_scratch("fuzz.gr", as_text(data, size));
    try {
        (void)midlink::io::read_dimacs(path, midlink::io::ReadOptions{});
    } catch (const midlink::Error&) {
    }
    return 0;
}
