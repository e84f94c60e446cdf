// libFuzzer harness: the TNTP assignment readers (read_tntp_assignment_net, read_tntp_trips, read_tntp_flows; the first byte picks one).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/tntp_assignment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    if (size == 0) return 0;
    const std::string path = write_scratch("fuzz.tntp", as_text(data + 1, size - 1));
    try {
        switch (data[0] % 3) {
            case 0: (void)midlink::io::read_tntp_assignment_net(path); break;
            case 1: (void)midlink::io::read_tntp_trips(path); break;
            default: (void)midlink::io::read_tntp_flows(path); break;
        }
    } catch (const midlink::Error&) {
    }
    return 0;
}
