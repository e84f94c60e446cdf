#pragma once
// Results written to stdout are outputs like any file: a full disk or a closed pipe
// must not end in exit 0.

namespace midlink::cli {

/// Flushes std::cout and C stdout; throws OutputError (exit 5) if anything written to
/// standard output during the run was lost.
void finish_stdout();

}  // namespace midlink::cli
