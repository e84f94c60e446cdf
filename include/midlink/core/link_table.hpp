#pragma once
// The neutral link table between every reader and the graph builder. A reader's only job
// is to turn its format into these rows; the builder applies a profile, splits directions,
// assigns ids and builds the CSR graph. A new format is a new reader and nothing else.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/core/road_class.hpp"

namespace midlink {

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
inline bool known(double v) { return !std::isnan(v); }

enum class Oneway : std::uint8_t { No, Forward, Backward };

/// Legal access for a vehicle class as tagged (OSM access/motor_vehicle/hgv and kin).
enum class Access : std::uint8_t { Unknown, Yes, No, Destination, Private };

enum class Carriageway : std::uint8_t { Unknown, Single, Dual, Motorway };

/// Speed limit as tagged: a number in km/h, or a national-limit symbol that the profile
/// resolves per vehicle (UK NSL differs for cars and HGVs).
struct SpeedLimit {
    enum class Kind : std::uint8_t { None, Numeric, NationalSingle, NationalDual, Motorway };
    Kind kind = Kind::None;
    double kmh = kUnknown;  // set when kind == Numeric
};

struct Link {
    NodeKey from = 0;
    NodeKey to = 0;
    LineString geometry;          // working CRS, from -> to; may be empty (no coordinates)
    double length_m = kUnknown;   // NaN: builder takes the geometry's length
    RoadClass road_class = RoadClass::Unknown;
    Carriageway carriageway = Carriageway::Unknown;
    Oneway oneway = Oneway::No;
    bool roundabout = false;
    SpeedLimit maxspeed;                 // as tagged
    double speed_kmh = kUnknown;         // modelled speed given by the input (link tables)
    double free_flow_time_s = kUnknown;  // given by the input (TNTP, DIMACS weights)
    double capacity_vph = kUnknown;     // per direction of travel, vehicles/hour (input)
    double lanes = kUnknown;            // as tagged: both directions on a two-way link
    Access motor_access = Access::Unknown;  // access/motor_vehicle/motorcar combined
    Access hgv_access = Access::Unknown;
    Access foot_access = Access::Unknown;     // foot, else access
    Access bicycle_access = Access::Unknown;  // bicycle, else vehicle, else access
    bool bicycle_contraflow = false;          // a one-way street open to cycles both ways
    double maxweight_t = kUnknown;
    double maxheight_m = kUnknown;
    double maxwidth_m = kUnknown;
    std::string ref;
    std::string name;
    std::int64_t source_id = -1;  // OSM way id, feature id or row number in the input
};

struct LinkTable {
    std::vector<Link> links;
    /// Coordinates of node keys (working CRS). Readers that carry geometry on links may
    /// leave this empty; link-table formats fill it from their node files.
    std::unordered_map<NodeKey, Point> node_coords;
    std::string crs;            // working CRS as "EPSG:27700", or empty for abstract graphs
    std::string source;         // what was read, for messages and graph info
    std::uint64_t fingerprint = 0;  // of the input bytes, for graph-file reuse
    Diagnostics diagnostics;
};

}  // namespace midlink
