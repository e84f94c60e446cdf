#pragma once
// The layer and column names live with the layers, in study_layers.hpp; this header is
// kept so that code including it by its old name still builds.
#include "midlink/workflow/study_layers.hpp"
