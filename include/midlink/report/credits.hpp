#pragma once
// Data credits the source licences require, gathered from a study's inputs: the rules
// (one table, credit_rules()) say which input paths show which source and the line to
// print; attribution files beside the inputs (ATTRIBUTION.md, LICENCE*, *.licence) are
// shown as they are.
#include <string>
#include <utility>
#include <vector>

namespace midlink::report {

/// One source family: an input whose lower-case path contains any of `path_contains` or
/// ends with any of `path_ends` owes the credit `text`.
struct CreditRule {
    const char* source;  // short name, e.g. "OpenStreetMap"
    std::vector<const char*> path_contains;
    std::vector<const char*> path_ends;
    const char* text;
};

/// The table of credit rules, in the order credits are printed.
const std::vector<CreditRule>& credit_rules();

struct Credit {
    std::string source;  // the rule's source, or the attribution file's path
    std::string text;
    std::vector<std::string> inputs;  // the input paths that owe it
};

/// Credits owed by `input_paths` (by the rules; each credit once, with the inputs that
/// owe it), then one per attribution file (`file`, `text`) whose text is not already shown.
std::vector<Credit> gather_credits(
    const std::vector<std::string>& input_paths,
    const std::vector<std::pair<std::string, std::string>>& attribution_files);

}  // namespace midlink::report
