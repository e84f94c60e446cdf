#pragma once
// Counter-based random numbers for the England network generator: every draw is a pure
// function of (seed, what, key), so the output never depends on thread count or order.
#include <cstdint>

namespace midlink::workflow::england {

inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// A 64-bit hash of seed, a stream tag (one per kind of draw) and a key.
inline std::uint64_t draw(std::uint64_t seed, std::uint64_t stream, std::uint64_t key) {
    return mix64(mix64(seed ^ (stream * 0x632be59bd9b4e019ULL)) ^ key);
}

/// Uniform in [0, 1).
inline double unit(std::uint64_t seed, std::uint64_t stream, std::uint64_t key) {
    return static_cast<double>(draw(seed, stream, key) >> 11) * 0x1.0p-53;
}

/// Stream tags: one per kind of draw, so that draws never correlate. Point sets add their
/// own offsets (kSubsample + set number; synthetic sets use 10,000 x set number upwards).
enum Stream : std::uint64_t {
    kJitterX = 1, kJitterY, kRemove, kWinding, kSpur, kSpurAngle, kOriginCount, kOriginPlace,
    kSubsample = 100,
};

}  // namespace midlink::workflow::england
