// Must not compile as part of midlink::analysis: analysis never reads files, so it sees no io
// header (the TNTP structs it needs are core's, midlink/core/tntp_model.hpp).
#include "midlink/io/tntp_assignment.hpp"
