#pragma once
// One run's outputs as a set that succeeds or fails as one (docs/outputs.md).
//
// - A lock: flock on "<anchor>.lock" beside the main output; a second run writing the
//   same output fails at once with OutputError (exit 5) naming the holder's pid.
// - Every member is written under a temporary name in its own folder,
//   ".<stem>.midlink-tmp-<pid><ext>", and commit() renames them all, the main output last.
// - Without commit() (an exception), every temporary is removed and nothing under a final
//   name changes.
// - commit() removes the sidecars the previous run of this output wrote and this one did
//   not (read from ".<anchor name>.midlink-members", and only names of the output's own
//   sidecar pattern: <stem>_*.csv and <anchor name>.*).
// - On start, temporaries of runs whose pid is dead are removed from the anchor's folder.
#include <string>
#include <sys/types.h>
#include <vector>

#include "midlink/core/atomic_file.hpp"

namespace midlink::io {

/// ".<stem>.midlink-tmp-<pid><ext>" beside `final_path`: the one temporary-name pattern
/// (core/atomic_file.hpp).
using midlink::temporary_path;

/// The pid in a temporary name of that pattern, or -1 when `file_name` is not one.
pid_t temporary_owner(const std::string& file_name);

/// Removes temporaries of dead runs from `folder`; returns how many.
std::size_t remove_dead_temporaries(const std::string& folder);

class OutputSet {
public:
    /// `anchor` names the set: the main output file, or for a database output the local
    /// path its sidecars are named after (the database itself is then no member: its
    /// writer commits a transaction). Takes the lock. Throws OutputError.
    explicit OutputSet(const std::string& anchor);
    ~OutputSet();  // without commit(): removes every temporary; releases the lock
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    /// Registers `final_path` and returns the temporary name to write it under.
    std::string member(const std::string& final_path);
    /// Renames every written member onto its final name (the anchor last), records the
    /// members and removes stale sidecars. Throws OutputError; a folder or name clash is
    /// found before anything is renamed.
    void commit();
    [[nodiscard]] const std::string& anchor() const { return m_anchor; }

private:
    struct Member {
        std::string final_path;
        std::string temp_path;
    };
    void lock();
    void unlock() noexcept;
    void remove_temporaries() noexcept;
    void remove_stale_sidecars(const std::vector<std::string>& written) const;
    [[nodiscard]] std::string members_path() const;
    [[nodiscard]] bool is_own_sidecar(const std::string& file_name) const;

    std::string m_anchor;
    std::string m_lock_path;
    int m_lock_fd = -1;
    bool m_committed = false;
    std::vector<Member> m_members;
};

}  // namespace midlink::io
