#include "midlink/io/osm_tags.hpp"

namespace midlink::io {

SpeedLimit parse_maxspeed(std::string_view) { return {}; }

}  // namespace midlink::io
