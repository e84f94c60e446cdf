#pragma once
// What each layer midlink writes tells QGIS (docs/qgis.md): the main measure its default
// style grades by, a description for gpkg_contents and the source of its data. One table
// for every command's layers (docs/outputs.md), looked up by layer name and columns.
#include "midlink/io/layer_writer.hpp"

namespace midlink::workflow {

/// `spec` with main_measure, description and source filled in where it sets none.
io::LayerSpec with_notes(io::LayerSpec spec);

}  // namespace midlink::workflow
