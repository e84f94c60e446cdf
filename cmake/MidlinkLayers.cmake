# Layer enforcement (docs/design.md, "Layers are enforced by the build"). Each layer library
# gets a public include tree of its own, build/layer-include/<layer>/midlink/<layer>, which
# is a symlink to include/midlink/<layer>. A library's include path is therefore its own
# tree plus the trees of the libraries it links: graph sees core and graph headers and no
# others, so an upward #include is "No such file or directory" at compile time. Installed
# headers keep the usual single include/ folder (INSTALL_INTERFACE).
include(GNUInstallDirs)

set(MIDLINK_LAYER_INCLUDE_DIR ${PROJECT_BINARY_DIR}/layer-include)

# midlink_layer_library(<target> <layer> [EXTRA_HEADERS file...]): gives <target> the
# include tree of <layer>, names it midlink::<layer> when exported, and links header files
# of include/midlink/ itself (midlink.hpp) into that tree.
function(midlink_layer_library target layer)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "EXTRA_HEADERS")
  set(tree ${MIDLINK_LAYER_INCLUDE_DIR}/${layer})
  file(MAKE_DIRECTORY ${tree}/midlink)
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/midlink/${layer} ${tree}/midlink/${layer} SYMBOLIC)
  foreach(header IN LISTS arg_EXTRA_HEADERS)
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/midlink/${header} ${tree}/midlink/${header} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${tree}>
                                              $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer})
endfunction()
