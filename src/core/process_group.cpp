#include "midlink/core/process_group.hpp"

#include <algorithm>
#include <ctime>
#include <exception>
#include <numeric>
#include <stdexcept>

#include "midlink/core/byte_pack.hpp"

namespace midlink {

double RankStep::imbalance() const {
    if (seconds.empty()) return 0.0;
    const double mean = std::accumulate(seconds.begin(), seconds.end(), 0.0) / static_cast<double>(seconds.size());
    return mean > 0.0 ? *std::max_element(seconds.begin(), seconds.end()) / mean - 1.0 : 0.0;
}

void ProcessGroup::starting_block(std::string_view, std::size_t) const {}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void ProcessGroup::record_step(const std::string& name, double seconds, std::size_t blocks, double cpu_seconds) const {
    BytePacker pack;
    pack.put(seconds);
    pack.put<std::uint64_t>(blocks);
    pack.put(cpu_seconds);
    const auto all = gather(pack.take());
    if (!root()) return;
    RankStep step{name, {}, {}, {}};
    for (const auto& bytes : all) {
        ByteUnpacker in(bytes);
        step.seconds.push_back(in.get<double>());
        step.blocks.push_back(in.get<std::uint64_t>());
        step.cpu_seconds.push_back(in.get<double>());
    }
    m_steps.push_back(std::move(step));
}

std::vector<std::string> SoloGroup::gather(std::string bytes) const { return {std::move(bytes)}; }
std::vector<std::string> SoloGroup::all_gather(std::string bytes) const { return {std::move(bytes)}; }
void SoloGroup::send_to_root(std::string) const { throw std::logic_error("send_to_root: one process has no other rank"); }
std::string SoloGroup::receive_from(int) const { throw std::logic_error("receive_from: one process has no other rank"); }

void run_agreed(const ProcessGroup& group, const std::function<void()>& check) {
    if (group.size() == 1) {
        check();
        return;
    }
    // An empty message: this rank passed. Otherwise its exit code and message.
    BytePacker pack;
    try {
        check();
    } catch (const Error& e) {
        pack.put<std::int32_t>(e.exit_code());
        pack.put_string(e.what());
    } catch (const std::exception& e) {
        pack.put<std::int32_t>(1);
        pack.put_string(e.what());
    }
    const auto all = group.all_gather(pack.take());
    for (std::size_t r = 0; r < all.size(); ++r) {
        if (all[r].empty()) continue;
        ByteUnpacker in(all[r]);
        const int code = in.get<std::int32_t>();
        const std::string message = in.get_string();
        // The same input error on every rank is the usual case: report it as one process would.
        const bool everywhere = std::all_of(all.begin(), all.end(), [&](const std::string& b) { return b == all[r]; });
        throw AgreedError(everywhere ? message : "rank " + std::to_string(r) + ": " + message, code);
    }
}

void rethrow_for_block(const ProcessGroup& group, const std::string& block) {
    const std::string where = "rank " + std::to_string(group.rank()) + " of " + std::to_string(group.size()) + ", " + block + ": ";
    try {
        throw;
    } catch (const RankError&) {
        throw;  // already named
    } catch (const Error& e) {
        throw RankError(where + e.what(), e.exit_code());
    } catch (const std::exception& e) {
        throw RankError(where + e.what(), 1);
    }
}

}  // namespace midlink
