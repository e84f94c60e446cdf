#pragma once
// The ranks of an MPI job as a midlink::ProcessGroup (core/process_group.hpp), for the
// midlink-mpi binary only: the midlink binary never needs MPI at run time.
#include <optional>
#include <string>

#include "midlink/core/process_group.hpp"

namespace midlink::cli {

/// MPI_Init_thread on construction (funneled: only the main thread calls MPI; TBB workers
/// never do), MPI_Finalize on destruction.
class MpiSession {
public:
    MpiSession(int& argc, char**& argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    /// Ends every rank of the job at once (MPI_Abort), with `exit_code`.
    [[noreturn]] static void abort(int exit_code);
};

class MpiProcessGroup final : public ProcessGroup {
public:
    /// Reads MIDLINK_MPI_FAULT ("RANK:BLOCK:kill" or "RANK:BLOCK:throw", docs/cluster.md):
    /// that rank dies by SIGKILL, or throws, as it starts that block. For testing the
    /// fault path only.
    MpiProcessGroup();
    [[nodiscard]] int rank() const override { return m_rank; }
    [[nodiscard]] int size() const override { return m_size; }
    std::vector<std::string> gather(std::string bytes) const override;
    std::vector<std::string> all_gather(std::string bytes) const override;
    void send_to_root(std::string bytes) const override;
    std::string receive_from(int rank) const override;
    void starting_block(std::string_view step, std::size_t block) const override;

private:
    struct Fault {
        int rank;
        std::size_t block;
        bool kill;
    };
    int m_rank = 0;
    int m_size = 1;
    std::optional<Fault> m_fault;
};

}  // namespace midlink::cli
