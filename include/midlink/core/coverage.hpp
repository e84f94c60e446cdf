#pragma once
// Broadband coverage in neutral terms (metrics.md §2): premises counts and shares per
// tier for one area in one release, whatever table or layer they came from. io readers
// fill these; analysis recomputes shares, rolls areas up and compares releases.
// Unknown is NaN with a state saying why (not published, suppressed, invalid), never 0.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/enum_names.hpp"

namespace midlink {

/// Every tier an Ofcom Connected Nations table, a premises layer or a BDUK table can give.
/// Thresholds are download speeds unless stated.
enum class CoverageTier : std::uint8_t {
    Superfast,     // >= 30 Mbit/s (Ofcom SFBB), or >= 24 from premises speeds when asked
    Ultrafast300,  // >= 300 Mbit/s (Ofcom UFBB)
    Ultrafast100,  // >= 100 Mbit/s (UK government; Ofcom "UFBB (100Mbit/s)" from 2021)
    FullFibre,     // FTTP/FTTH technology
    Gigabit,       // >= 1 Gbit/s download
    Nga,           // next-generation access (Ofcom NGA)
    BelowUso,      // below the USO: < 10 down or < 1 up
    Unable2,       // unable to receive 2 Mbit/s
    Unable5,
    Unable10,
    Unable30,
    FwaDecent,     // decent broadband (USO speeds) from fixed wireless
    FwaSuperfast,  // superfast from fixed wireless
    Band0to2,      // download speed band 0 < s < 2 Mbit/s, and so on
    Band2to5,
    Band5to10,
    Band10to30,
    Band30to300,
    Band300Plus,
    BdukWhite,  // BDUK Project Gigabit classes
    BdukGrey,
    BdukBlack,
    BdukUnderReview,
};
inline constexpr std::size_t kCoverageTierCount = 23;

struct CoverageTierInfo {
    const char* name;        // column stem: "<name>_premises", "<name>_pct"
    const char* definition;  // for the output's metadata table
};

inline constexpr std::array<CoverageTierInfo, kCoverageTierCount> kCoverageTiers{{
    {"superfast", "superfast: download >= the superfast threshold (Ofcom SFBB: 30 Mbit/s)"},
    {"ultrafast300", "ultrafast, Ofcom definition: download >= 300 Mbit/s (UFBB)"},
    {"ultrafast100", "ultrafast, UK government usage: download >= 100 Mbit/s"},
    {"full_fibre", "full fibre: FTTP/FTTH technology"},
    {"gigabit", "gigabit-capable: download >= 1 Gbit/s"},
    {"nga", "next-generation access (Ofcom NGA)"},
    {"below_uso", "below the USO (SI 2018/445): < 10 Mbit/s down or < 1 Mbit/s up"},
    {"unable_2", "unable to receive 2 Mbit/s download"},
    {"unable_5", "unable to receive 5 Mbit/s download"},
    {"unable_10", "unable to receive 10 Mbit/s download"},
    {"unable_30", "unable to receive 30 Mbit/s download"},
    {"fwa_decent", "able to receive decent broadband (USO speeds) from fixed wireless access"},
    {"fwa_superfast", "able to receive superfast broadband from fixed wireless access"},
    {"band_0_2", "best download speed 0 < s < 2 Mbit/s"},
    {"band_2_5", "best download speed 2 <= s < 5 Mbit/s"},
    {"band_5_10", "best download speed 5 <= s < 10 Mbit/s"},
    {"band_10_30", "best download speed 10 <= s < 30 Mbit/s"},
    {"band_30_300", "best download speed 30 <= s < 300 Mbit/s"},
    {"band_300_plus", "best download speed >= 300 Mbit/s"},
    {"bduk_white", "BDUK Project Gigabit class White: no gigabit network now or planned"},
    {"bduk_grey", "BDUK Project Gigabit class Grey: one gigabit network"},
    {"bduk_black", "BDUK Project Gigabit class Black: two or more gigabit networks"},
    {"bduk_under_review", "BDUK Project Gigabit class Under review: unverified plans"},
}};

[[nodiscard]] constexpr std::size_t tier_index(CoverageTier t) {
    return static_cast<std::size_t>(t);
}
[[nodiscard]] constexpr const char* tier_name(CoverageTier t) {
    return kCoverageTiers[tier_index(t)].name;
}

/// Tier column stems as enum names ("gigabit" -> Gigabit), for options that name a tier.
inline constexpr auto kCoverageTierNames = [] {
    std::array<EnumName<CoverageTier>, kCoverageTierCount> names{};
    for (std::size_t i = 0; i < kCoverageTierCount; ++i)
        names[i] = {kCoverageTiers[i].name, static_cast<CoverageTier>(i)};
    return names;
}();

/// Why a value is what it is.
enum class ValueState : std::uint8_t {
    NotPublished,  // the release has no such column
    Known,
    Suppressed,  // blank, "x", "*", "c", "..", "<3", a negative code: withheld by the publisher
    Invalid,     // text that is neither a number nor a suppression marker (diagnosed)
};

/// A count or a share with its state; value is NaN unless state is Known.
struct CoverageValue {
    double value = std::nan("");
    ValueState state = ValueState::NotPublished;

    [[nodiscard]] bool known() const { return state == ValueState::Known; }
    [[nodiscard]] bool withheld() const {
        return state == ValueState::Suppressed || state == ValueState::Invalid;
    }
};

/// One area (LA, OA, postcode, or any polygon premises were counted into) in one release.
struct CoverageRecord {
    std::string code;  // as matched: trimmed, upper case; postcodes without spaces
    std::string name;  // when the table has one
    CoverageValue premises;
    std::array<CoverageValue, kCoverageTierCount> count{};
    std::array<CoverageValue, kCoverageTierCount> pct{};  // published share, percent of premises
    /// Premises whose speed or technology was unknown (premises layers only).
    double unknown_speed = 0.0;
    double unknown_technology = 0.0;
    double unknown_bduk = 0.0;
    /// Codes merged into this one by a boundary or postcode lookup (empty when none).
    std::vector<std::string> merged_from;
};

enum class CoverageLevel : std::uint8_t { LocalAuthority, OutputArea, Postcode, Area };

[[nodiscard]] constexpr const char* level_name(CoverageLevel l) {
    switch (l) {
        case CoverageLevel::LocalAuthority:
            return "laua";
        case CoverageLevel::OutputArea:
            return "oa";
        case CoverageLevel::Postcode:
            return "postcode";
        case CoverageLevel::Area:
            return "area";
    }
    return "?";
}

/// Names of the coverage tables' geographies (`--level`), aliases included.
inline constexpr EnumName<CoverageLevel> kCoverageLevelNames[] = {
    {"laua", CoverageLevel::LocalAuthority}, {"la", CoverageLevel::LocalAuthority},
    {"lad", CoverageLevel::LocalAuthority},  {"oa", CoverageLevel::OutputArea},
    {"postcode", CoverageLevel::Postcode},   {"pc", CoverageLevel::Postcode},
};

/// One input: a release of an Ofcom table, a premises layer counted into areas, or a
/// BDUK classes table.
struct CoverageRelease {
    std::string label;   // "2016", "2021-05", "premises", "bduk"...
    std::string source;  // file it came from
    CoverageLevel level = CoverageLevel::LocalAuthority;
    /// Tiers this release carries at all (a column for them, or computed from premises).
    std::array<bool, kCoverageTierCount> published{};
    std::vector<CoverageRecord> records;
};

/// A premises point, as read: speeds NaN when unknown, strings empty when unknown.
struct PremisesStatus {
    double down_mbps = std::nan("");
    double up_mbps = std::nan("");
    std::string technology;  // FTTP/FTTH/"full fibre" count as full fibre
    std::string bduk_class;  // white, grey, black, under review
};

/// Recognises a BDUK class: White, Grey/Gray, Black, Under review/UR (any case, blanks,
/// "_" or "-"). False when the text is none of them.
[[nodiscard]] inline bool parse_bduk_class(std::string_view text, CoverageTier& out) {
    std::string s;
    for (char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            s += c;
        else if (c >= 'A' && c <= 'Z')
            s += static_cast<char>(c - 'A' + 'a');
    }
    if (s == "white")
        out = CoverageTier::BdukWhite;
    else if (s == "grey" || s == "gray")
        out = CoverageTier::BdukGrey;
    else if (s == "black")
        out = CoverageTier::BdukBlack;
    else if (s == "underreview" || s == "ur")
        out = CoverageTier::BdukUnderReview;
    else
        return false;
    return true;
}

/// Upper case without blanks: "le1 5ww" and "LE15WW" are the same postcode.
[[nodiscard]] inline std::string normalise_postcode(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

}  // namespace midlink
