// libFuzzer harness: the TNTP network reader (read_tntp: a *_net.tntp, then an optional *_node.tntp after a 0x1E byte).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    const std::string_view text = as_text(data, size);
    const auto files = split_files(text, 2);
    const std::string net = write_scratch("Fuzz_net.tntp", files[0]);
    // Without a separator there is no node file: coordinates are then absent.
    remove_scratch("Fuzz_node.tntp");
    if (text.find(kFileSeparator) != std::string_view::npos) write_scratch("Fuzz_node.tntp", files[1]);
    try {
        (void)midlink::io::read_tntp(net, midlink::io::ReadOptions{});
    } catch (const midlink::Error&) {
    }
    return 0;
}
