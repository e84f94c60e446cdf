// libFuzzer harness: the GMNS reader (read_gmns: node.csv, a 0x1E byte, then link.csv).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    const auto files = split_files(as_text(data, size), 2);
    write_scratch("node.csv", files[0]);
    write_scratch("link.csv", files[1]);
    try {
        (void)midlink::io::read_gmns(scratch_dir().string(), midlink::io::ReadOptions{});
    } catch (const midlink::Error&) {
    }
    return 0;
}
