#include "mpi_process_group.hpp"

#include <mpi.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace midlink::cli {
namespace {

// MPI counts are ints: messages go in pieces of at most 1 GiB.
constexpr std::size_t kPiece = std::size_t{1} << 30;

void send_bytes(const std::string& bytes, int to) {
    const std::uint64_t n = bytes.size();
    MPI_Send(&n, 1, MPI_UINT64_T, to, 0, MPI_COMM_WORLD);
    for (std::size_t at = 0; at < n; at += kPiece) {
        MPI_Send(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, to, 1, MPI_COMM_WORLD);
    }
}

std::string receive_bytes(int from) {
    std::uint64_t n = 0;
    MPI_Recv(&n, 1, MPI_UINT64_T, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::string bytes(n, '\0');
    for (std::size_t at = 0; at < n; at += kPiece) {
        MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, from, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
    return bytes;
}

void broadcast_bytes(std::string& bytes) {
    std::uint64_t n = bytes.size();
    MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    bytes.resize(n);
    for (std::size_t at = 0; at < n; at += kPiece) {
        MPI_Bcast(bytes.data() + at, static_cast<int>(std::min(kPiece, n - at)), MPI_BYTE, 0, MPI_COMM_WORLD);
    }
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
}

MpiSession::~MpiSession() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
}

void MpiSession::abort(int exit_code) {
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::_Exit(exit_code);  // MPI_Abort does not return; this is for the compiler
}

MpiProcessGroup::MpiProcessGroup() {
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    if (const char* spec = std::getenv("MIDLINK_MPI_FAULT"); spec && *spec) {
        int rank = -1;
        unsigned long long block = 0;
        char kind[8] = {};
        if (std::sscanf(spec, "%d:%llu:%7s", &rank, &block, kind) == 3) {
            m_fault = Fault{rank, static_cast<std::size_t>(block), std::string_view(kind) == "kill"};
        }
    }
}

std::vector<std::string> MpiProcessGroup::gather(std::string bytes) const {
    if (m_rank != 0) {
        send_bytes(bytes, 0);
        return {};
    }
    std::vector<std::string> all(static_cast<std::size_t>(m_size));
    all[0] = std::move(bytes);
    for (int r = 1; r < m_size; ++r) all[static_cast<std::size_t>(r)] = receive_bytes(r);
    return all;
}

std::vector<std::string> MpiProcessGroup::all_gather(std::string bytes) const {
    auto all = gather(std::move(bytes));
    all.resize(static_cast<std::size_t>(m_size));
    for (auto& part : all) broadcast_bytes(part);
    return all;
}

void MpiProcessGroup::send_to_root(std::string bytes) const { send_bytes(bytes, 0); }
std::string MpiProcessGroup::receive_from(int rank) const { return receive_bytes(rank); }

void MpiProcessGroup::starting_block(std::string_view, std::size_t block) const {
    if (!m_fault || m_fault->rank != m_rank || m_fault->block != block) return;
    if (m_fault->kill) std::raise(SIGKILL);
    throw std::runtime_error("fault injected by MIDLINK_MPI_FAULT");
}

}  // namespace midlink::cli
