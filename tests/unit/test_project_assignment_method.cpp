// A project file's assignment.method takes every method `assign --method` takes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/project_reader.hpp"

namespace {
namespace fs = std::filesystem;

// A folder with the files the project names (the reader only checks that they exist).
struct ProjectFolder {
    fs::path dir = fs::temp_directory_path() / ("midlink_project_method_" + std::to_string(::getpid()));
    ProjectFolder() {
        fs::create_directories(dir);
        for (const char* name : {"g.mlg", "zones.csv", "od.csv"}) std::ofstream(dir / name) << "x\n";
    }
    ~ProjectFolder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    [[nodiscard]] midlink::io::Project parse(const std::string& method) const {
        const std::string yaml = "graph: g.mlg\nassignment: {zones: zones.csv, od: od.csv, method: " + method + "}\n";
        return midlink::io::parse_project_yaml(yaml, "study.yaml", dir.string());
    }
};

TEST(ProjectAssignmentMethod, AcceptsBush) {
    const ProjectFolder folder;
    EXPECT_EQ(folder.parse("bush").assignment.method, "bush");
    for (const char* m : {"aon", "fw", "cfw", "bfw"}) EXPECT_EQ(folder.parse(m).assignment.method, m);
}

TEST(ProjectAssignmentMethod, RefusesAnUnknownMethodNamingTheKey) {
    const ProjectFolder folder;
    try {
        (void)folder.parse("tapas");
        FAIL() << "an unknown method was accepted";
    } catch (const midlink::ConfigError& e) {
        EXPECT_EQ(e.exit_code(), 2);
        const std::string msg = e.what();
        EXPECT_NE(msg.find("study.yaml"), std::string::npos) << msg;
        EXPECT_NE(msg.find("'assignment.method'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("bush"), std::string::npos) << msg;
    }
}

}  // namespace

// Found by fuzz_project_yaml: `max_iter: .nan` was cast to int (undefined behaviour), and a
// NaN value of time or number of years would silently blank every benefit. Non-finite
// numbers and fractional or out-of-range iteration counts are ConfigErrors naming the key.
TEST(ProjectAssignmentMethod, NonFiniteNumbersAndBadIterationCountsAreRefused) {
    const ProjectFolder folder;
    const auto refused = [&](const std::string& yaml, const std::string& key) {
        try {
            (void)midlink::io::parse_project_yaml(yaml, "study.yaml", folder.dir.string());
            ADD_FAILURE() << "accepted: " << yaml;
        } catch (const midlink::ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
        }
    };
    const std::string assign = "graph: g.mlg\nassignment: {zones: zones.csv, od: od.csv, ";
    for (const char* v : {".nan", ".inf", "-.inf", "0", "2.5", "1e12"})
        refused(assign + "max_iter: " + v + "}\n", "'assignment.max_iter'");
    refused(assign + "gap: .nan}\n", "'assignment.gap'");
    refused("graph: g.mlg\nbenefit: {years: .nan}\n", "'benefit.years'");
    refused("graph: g.mlg\nbenefit: {value_of_time_gbp_per_hour: .inf}\n", "'benefit.value_of_time_gbp_per_hour'");
    EXPECT_EQ(midlink::io::parse_project_yaml(assign + "max_iter: 250}\n", "study.yaml", folder.dir.string())
                  .assignment.max_iter,
              250);
}
