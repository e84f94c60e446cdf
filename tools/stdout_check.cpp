#include "stdout_check.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "midlink/core/error.hpp"

namespace midlink::cli {

void finish_stdout() {
    errno = 0;
    std::cout.flush();
    const bool stream_ok = static_cast<bool>(std::cout);
    const bool flushed = std::fflush(stdout) == 0;
    const int err = errno;
    if (stream_ok && flushed && std::ferror(stdout) == 0) return;
    // Lost writes are reported once; clear the state so the exit-time flush stays quiet.
    std::clearerr(stdout);
    std::cout.clear();
    throw OutputError(std::string("cannot write results to standard output: ") +
                      (err ? std::strerror(err) : "write error") + " (disk full, or the reader went away?)");
}

}  // namespace midlink::cli
