#include "json_summary.hpp"

#include <chrono>
#include <iostream>
#include <sstream>

#include "midlink/workflow/command_summary.hpp"

namespace midlink::cli {
namespace {

bool has_option(const CLI::App* cmd, const std::string& name) {
    for (const auto* o : cmd->get_options())
        if (o->check_name(name)) return true;
    return false;
}

std::string full_name(const CLI::App* cmd) {
    std::string name = cmd->get_name();
    for (const auto* p = cmd->get_parent(); p && p->get_parent(); p = p->get_parent()) name = p->get_name() + " " + name;
    return name;
}

/// Puts std::cout back however the action ends.
class CaptureStdout {
public:
    CaptureStdout() : m_old(std::cout.rdbuf(m_text.rdbuf())) {}
    ~CaptureStdout() { std::cout.rdbuf(m_old); }
    std::string text() const { return m_text.str(); }

private:
    std::ostringstream m_text;
    std::streambuf* m_old;
};

}  // namespace

void add_summary_formats(CLI::App& app, SummaryFormats& formats) {
    for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        if (has_option(sub, "--output") && !has_option(sub, "--format")) {
            auto format = std::make_shared<std::string>("text");
            sub->add_option("--format", *format, "text, or json: one JSON summary of what was written on stdout")
                ->check(CLI::IsMember({"text", "json"}))
                ->capture_default_str();
            formats.entries.push_back({sub, format});
        }
        add_summary_formats(*sub, formats);
    }
}

int run_with_summary(const SummaryFormats& formats, const std::function<int()>& action, const workflow::Context& ctx) {
    for (const auto& e : formats.entries) {
        if (!e.command->parsed() || *e.format != "json") continue;
        workflow::CommandSummary s;
        s.command = full_name(e.command);
        s.output = e.command->get_option("--output")->as<std::string>();
        const auto start = std::chrono::steady_clock::now();
        {
            CaptureStdout capture;
            s.exit_code = action ? action() : 0;
            s.printed = capture.text();
        }
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (ctx.is_root()) std::cout << workflow::command_summary_json(s, ctx);  // one summary per job
        return s.exit_code;
    }
    return action ? action() : 0;
}

}  // namespace midlink::cli
