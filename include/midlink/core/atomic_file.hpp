#pragma once
// midlink's one way to replace a file: write it under a temporary name beside the final
// one, then rename it into place, so a reader never sees half a file and a failed write
// leaves the old file as it was. io::OutputSet does the same for a set of files that
// must appear together; both use the one temporary-name pattern below, so a later run
// finds and removes the temporaries of a killed one (io::remove_dead_temporaries).
#include <sys/types.h>

#include <string>
#include <string_view>

namespace midlink {

/// ".<stem>.midlink-tmp-<pid><ext>" beside `final_path` (the extension kept, since GDAL
/// picks a driver by it).
std::string temporary_path(const std::string& final_path, pid_t pid);
inline constexpr const char* kTemporaryNameTag = ".midlink-tmp-";

/// A file being written under its temporary name. The writer opens path() itself (stdio,
/// a stream, GDAL); commit() renames it onto the final name. Destroyed without commit()
/// or keep(), the temporary is removed.
class AtomicFile {
public:
    /// The temporary is temporary_path(final_path, this process).
    explicit AtomicFile(std::string final_path);
    /// A temporary named by someone else (an io::OutputSet member).
    AtomicFile(std::string final_path, std::string temporary);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    [[nodiscard]] const std::string& path() const { return m_temporary; }
    [[nodiscard]] const std::string& final_path() const { return m_final; }
    /// Renames the temporary onto the final name; throws OutputError.
    void commit();
    /// Leaves the temporary where it is (an output set renames it with its other members).
    void keep() { m_done = true; }

private:
    std::string m_final;
    std::string m_temporary;
    bool m_done = false;
};

/// Writes `bytes` to `final_path` through an AtomicFile; throws OutputError (a full disk
/// included: the close is checked, not only the writes).
void write_file_atomically(const std::string& final_path, std::string_view bytes);

}  // namespace midlink
