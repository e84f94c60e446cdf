#pragma once
// The processes of one run: a single process (the default), or the ranks of an MPI job
// under `mpirun midlink-mpi ...` (docs/cluster.md). Everything above core sees only this
// interface; the MPI implementation lives in the midlink-mpi binary.
//
// How work is shared: a command cuts its work (origins, pairs, scenarios) into blocks whose
// bounds depend on the input only, and block b belongs to rank b mod size. Dense runs of
// origins therefore spread over every rank. Each rank computes its blocks, rank 0 gathers
// them and writes; sums over blocks are reduced in block order, so the bytes written do not
// depend on the number of ranks.
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/error.hpp"

namespace midlink {

/// Seconds each rank spent in one distributed step, as rank 0 collects them.
struct RankStep {
    std::string name;              // "access searches", "route pairs", ...
    std::vector<double> seconds;   // per rank
    std::vector<std::size_t> blocks;  // blocks per rank
    std::vector<double> cpu_seconds;  // per rank: CPU time of the rank's process (all its threads)
    /// Slowest rank over the mean, minus one (0 = perfect balance).
    [[nodiscard]] double imbalance() const;
};

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;
    [[nodiscard]] virtual int rank() const = 0;
    [[nodiscard]] virtual int size() const = 0;
    /// Collective. Rank 0 receives every rank's bytes in rank order; other ranks receive an
    /// empty vector.
    virtual std::vector<std::string> gather(std::string bytes) const = 0;
    /// Collective. Every rank receives every rank's bytes in rank order.
    virtual std::vector<std::string> all_gather(std::string bytes) const = 0;
    /// Point to point, for results streamed to rank 0 block by block (a matrix, betweenness
    /// partial sums): a rank other than 0 sends `bytes` to rank 0.
    virtual void send_to_root(std::string bytes) const = 0;
    /// On rank 0: the next message `rank` sent with send_to_root. Messages from one rank
    /// arrive in the order it sent them.
    virtual std::string receive_from(int rank) const = 0;
    /// Called (from worker threads) as this rank starts a block of a distributed step:
    /// the MPI group injects test faults here (docs/cluster.md). Must be thread-safe.
    virtual void starting_block(std::string_view step, std::size_t block) const;

    [[nodiscard]] bool root() const { return rank() == 0; }
    [[nodiscard]] bool owns(std::size_t block) const { return static_cast<int>(block % static_cast<std::size_t>(size())) == rank(); }

    /// Collective: records this rank's wall time, CPU time (NaN: not measured) and block
    /// count for a step; rank 0 keeps them for the run summary and the manifest.
    void record_step(const std::string& name, double seconds, std::size_t blocks,
                     double cpu_seconds = std::numeric_limits<double>::quiet_NaN()) const;
    /// What rank 0 recorded (empty on other ranks).
    [[nodiscard]] const std::vector<RankStep>& steps() const { return m_steps; }

private:
    mutable std::vector<RankStep> m_steps;
};

/// CPU time of this process so far, every thread counted (CLOCK_PROCESS_CPUTIME_ID): on a
/// shared machine a rank's work is its CPU time, its wall time counts others' too.
double process_cpu_seconds();

/// The one process of an ordinary run.
class SoloGroup final : public ProcessGroup {
public:
    [[nodiscard]] int rank() const override { return 0; }
    [[nodiscard]] int size() const override { return 1; }
    std::vector<std::string> gather(std::string bytes) const override;
    std::vector<std::string> all_gather(std::string bytes) const override;
    void send_to_root(std::string bytes) const override;  // std::logic_error: rank 0 has no one to send to
    std::string receive_from(int rank) const override;    // std::logic_error: there is no other rank
};

/// An error that carries the exit code of the error it stands for.
class CodedError : public Error {
public:
    CodedError(const std::string& message, int exit_code) : Error(message), m_exit_code(exit_code) {}
    [[nodiscard]] int exit_code() const override { return m_exit_code; }

private:
    int m_exit_code;
};

/// An error every rank knows of: thrown on every rank by run_agreed. Rank 0 reports it;
/// the other ranks end quietly with the same exit code.
class AgreedError : public CodedError {
public:
    using CodedError::CodedError;
};

/// An error on one rank in the middle of a distributed step: the whole job must end.
class RankError : public CodedError {
public:
    using CodedError::CodedError;
};

/// Collective. Runs `check` (reading and validating inputs) on every rank; if it throws on
/// any rank, every rank throws AgreedError with the first failing rank's message and exit
/// code, so an input error ends the job before any heavy work and is reported once. With
/// one rank, `check` runs and its exceptions pass unchanged.
void run_agreed(const ProcessGroup& group, const std::function<void()>& check);

/// Inside a catch block of a distributed step with more than one rank: throws RankError
/// naming the rank and `block` ("origin block 3 (origins 64-95)"), keeping the exit code of
/// the exception being handled.
[[noreturn]] void rethrow_for_block(const ProcessGroup& group, const std::string& block);

}  // namespace midlink
