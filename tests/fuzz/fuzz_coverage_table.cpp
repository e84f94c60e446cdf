// libFuzzer harness: the Ofcom coverage table reader (read_coverage_table; the first byte picks the level).
// Bad input must end in midlink::Error (caught here); anything else (another exception,
// a sanitizer report, a huge allocation) is a bug the fuzzer reports.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "midlink/core/error.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/io/coverage_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace midlink::fuzz;
    if (size == 0) return 0;
    midlink::io::CoverageTableOptions options;
    options.path = write_scratch("2021_fuzz_coverage.csv", as_text(data + 1, size - 1));
    constexpr midlink::CoverageLevel kLevels[] = {midlink::CoverageLevel::LocalAuthority,
                                                  midlink::CoverageLevel::OutputArea,
                                                  midlink::CoverageLevel::Postcode};
    options.level = kLevels[data[0] % 3];
    midlink::Diagnostics diagnostics;
    try {
        (void)midlink::io::read_coverage_table(options, diagnostics);
    } catch (const midlink::Error&) {
    }
    return 0;
}
