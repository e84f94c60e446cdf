#pragma once
// One way to read an enum-like option: a table of names, and a parse that refuses anything
// else with a ConfigError listing the names (never a silent default). Tables live beside
// their enums; the CLI, project files and library callers all parse through them.
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "midlink/core/error.hpp"

namespace midlink {

template <class E>
struct EnumName {
    std::string_view name;
    E value;
};

/// "a, b, c": the names of a table in its order.
template <class E>
[[nodiscard]] std::string enum_name_list(std::span<const EnumName<E>> table) {
    std::string out;
    for (const auto& e : table) {
        if (!out.empty()) out += ", ";
        out += e.name;
    }
    return out;
}

/// The value named `text` (exact match). Throws ConfigError "<what> 'text' is not one of: a,
/// b, c" otherwise; `what` names the option or key ("--method", "'assignment.method'").
template <class E>
[[nodiscard]] E parse_enum(std::string_view text, std::span<const EnumName<E>> table, std::string_view what) {
    for (const auto& e : table) {
        if (e.name == text) return e.value;
    }
    throw ConfigError(std::string(what) + " '" + std::string(text) + "' is not one of: " + enum_name_list(table));
}

/// The name of `value` in the table; "" when it has none.
template <class E>
[[nodiscard]] std::string_view enum_name(E value, std::span<const EnumName<E>> table) {
    for (const auto& e : table) {
        if (e.value == value) return e.name;
    }
    return {};
}

// Tables are plain arrays (`constexpr EnumName<E> kTable[] = {...}`); these deduce E.
template <class E, std::size_t N>
[[nodiscard]] std::string enum_name_list(const EnumName<E> (&table)[N]) {
    return enum_name_list(std::span<const EnumName<E>>(table));
}
template <class E, std::size_t N>
[[nodiscard]] E parse_enum(std::string_view text, const EnumName<E> (&table)[N], std::string_view what) {
    return parse_enum(text, std::span<const EnumName<E>>(table), what);
}
template <class E, std::size_t N>
[[nodiscard]] std::string_view enum_name(E value, const EnumName<E> (&table)[N]) {
    return enum_name(value, std::span<const EnumName<E>>(table));
}
template <class E, std::size_t N>
[[nodiscard]] E parse_enum(std::string_view text, const std::array<EnumName<E>, N>& table, std::string_view what) {
    return parse_enum(text, std::span<const EnumName<E>>(table), what);
}

}  // namespace midlink
