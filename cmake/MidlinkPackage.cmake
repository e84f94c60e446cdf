# The installable package (docs/library.md): `cmake --install build/release --prefix P` puts
#   P/bin/midlink
#   P/lib/libmidlink_{core,io,graph,analysis,report,workflow}.a
#   P/include/midlink/...                  every public header, with the generated version.hpp
#   P/share/midlink/{profiles,lookups}     found at run time from the binary (workflow/data_dirs.hpp)
#   P/lib/cmake/midlink/                   find_package(midlink): midlink::midlink, midlink::core, ...
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# midlink::midlink: every layer library, for programs that want all of midlink.
add_library(midlink_library INTERFACE)
set_target_properties(midlink_library PROPERTIES EXPORT_NAME midlink)
target_link_libraries(midlink_library INTERFACE
  midlink::workflow midlink::report midlink::analysis midlink::graph midlink::io midlink::core)
add_library(midlink::midlink ALIAS midlink_library)

# The build tree mirrors the installed layout: build/<preset>/share/midlink links to the
# source tree's geodata/, so a program in the build tree finds it as an installed one does.
# Only the build tree knows the source path; the binaries do not.
set(MIDLINK_DATA_SUBDIR share/midlink)  # fixed: the binary looks in <prefix>/share/midlink
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/${MIDLINK_DATA_SUBDIR})
foreach(kind profiles lookups)
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/geodata/${kind} ${PROJECT_BINARY_DIR}/${MIDLINK_DATA_SUBDIR}/${kind}
       SYMBOLIC COPY_ON_ERROR)
endforeach()

install(TARGETS midlink RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET midlink-mpi)
  install(TARGETS midlink-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# Static libraries carry their PRIVATE dependencies in their link interface, so the
# exported targets name GDAL::GDAL, TBB::tbb, ...: midlinkConfig.cmake finds those first.
# Build-only targets (warnings, Boost headers) are wrapped in $<BUILD_INTERFACE> where they
# are linked, and libosmium is an include path private to io, so neither is needed here.
install(TARGETS midlink_core midlink_io midlink_graph midlink_analysis midlink_report midlink_workflow
                midlink_library
        EXPORT midlinkTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/midlink DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${MIDLINK_LAYER_INCLUDE_DIR}/core/midlink/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/midlink)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/geodata/profiles ${PROJECT_SOURCE_DIR}/geodata/lookups
        DESTINATION ${MIDLINK_DATA_SUBDIR})

set(MIDLINK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/midlink)
install(EXPORT midlinkTargets NAMESPACE midlink:: DESTINATION ${MIDLINK_CMAKE_DIR})
configure_package_config_file(cmake/midlinkConfig.cmake.in ${PROJECT_BINARY_DIR}/midlinkConfig.cmake
  INSTALL_DESTINATION ${MIDLINK_CMAKE_DIR}
  PATH_VARS MIDLINK_DATA_SUBDIR)
# 0.x: a minor release may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/midlinkConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/midlinkConfig.cmake ${PROJECT_BINARY_DIR}/midlinkConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/MidlinkHdf5.cmake
        DESTINATION ${MIDLINK_CMAKE_DIR})
