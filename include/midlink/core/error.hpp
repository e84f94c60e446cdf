#pragma once
// Exceptions for unusable input or environment. Each message says where: file, layer,
// feature or row, field. `main` maps the kinds to documented exit codes.
#include <stdexcept>
#include <string>

namespace midlink {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    /// Process exit code for this kind of error (see README "Exit codes").
    [[nodiscard]] virtual int exit_code() const { return 1; }
};

/// A command-line option or a configuration file (profile, project) is wrong.
class ConfigError : public Error {
public:
    using Error::Error;
    [[nodiscard]] int exit_code() const override { return 2; }
};

/// An input file is missing, unreadable, truncated or has no usable content.
class InputError : public Error {
public:
    using Error::Error;
    [[nodiscard]] int exit_code() const override { return 3; }
};

/// A persisted intermediate (graph file) is of another version or does not match.
class VersionError : public Error {
public:
    using Error::Error;
    [[nodiscard]] int exit_code() const override { return 4; }
};

/// An output could not be written.
class OutputError : public Error {
public:
    using Error::Error;
    [[nodiscard]] int exit_code() const override { return 5; }
};

}  // namespace midlink
