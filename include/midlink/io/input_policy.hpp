#pragma once
// What the readers of GDAL layers and OSM files may do with damaged or referencing input.
// The defaults are the safe ones: refuse files that name other files, stop at the first
// feature that cannot be read.
#include <functional>
#include <string>

namespace midlink::io {

struct InputPolicy {
    /// Read VRT files (OGR VRT, GDAL VRT), which name other files or URLs. Network access
    /// stays off even then: GDAL's HTTP and /vsicurl/-like file systems are disabled.
    bool allow_vrt = false;
    /// Skip features GDAL cannot read (and OSM ways whose nodes are missing) instead of
    /// stopping with an error; the count goes to `warn`.
    bool skip_bad_features = false;
    /// Receives one line per layer that lost features under skip_bad_features (the CLI
    /// prints it on stderr). May be empty.
    std::function<void(const std::string&)> warn;
};

}  // namespace midlink::io
