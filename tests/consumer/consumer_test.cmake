# Consumer test (cmake -P): installs a midlink build tree into a fresh prefix, builds
# tests/consumer against it with find_package(midlink), and checks that its routes equal
# the installed CLI's `midlink route --pairs` on the Rutland OSM extract.
# Variables (-D): BUILD_DIR, SOURCE_DIR, CONSUMER_DIR, WORK_DIR, GEODATA, GENERATOR,
# CXX_COMPILER, CXX_LAUNCHER, LINKER_FLAGS, FACADE, VERSION.
cmake_minimum_required(VERSION 3.25)

function(run)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "OUTPUT;WORKING_DIRECTORY;EXPECT" "COMMAND")
  if(NOT DEFINED arg_EXPECT)
    set(arg_EXPECT 0)
  endif()
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY ${WORK_DIR})
  endif()
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY ${arg_WORKING_DIRECTORY}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code STREQUAL arg_EXPECT)
    list(JOIN arg_COMMAND " " shown)
    message(FATAL_ERROR "${shown}\nexit ${code}, expected ${arg_EXPECT}\n${out}\n${err}")
  endif()
  if(arg_OUTPUT)
    set(${arg_OUTPUT} "${out}" PARENT_SCOPE)
    set(${arg_OUTPUT}_ERROR "${err}" PARENT_SCOPE)
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

# 1. Install, and check the layout docs/library.md promises.
run(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f bin/midlink include/midlink/midlink.hpp include/midlink/version.hpp include/midlink/core/error.hpp
          include/midlink/graph/road_graph.hpp include/midlink/workflow/data_dirs.hpp
          share/midlink/profiles/car.yaml share/midlink/profiles/car-no-connectors.yaml
          share/midlink/lookups/lad-boundary-changes.csv)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
foreach(lib core io graph analysis report workflow)
  file(GLOB found ${prefix}/lib*/libmidlink_${lib}.a)
  if(NOT found)
    message(FATAL_ERROR "not installed: libmidlink_${lib}.a")
  endif()
endforeach()
file(GLOB config ${prefix}/lib*/cmake/midlink/midlinkConfig.cmake)
if(NOT config)
  message(FATAL_ERROR "not installed: lib/cmake/midlink/midlinkConfig.cmake")
endif()
# Nothing installed may point back into the source or build tree.
file(GLOB cmake_files ${prefix}/lib*/cmake/midlink/*.cmake)
foreach(f IN LISTS cmake_files)
  file(READ ${f} text)
  foreach(tree ${SOURCE_DIR} ${BUILD_DIR})
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} names ${tree}")
    endif()
  endforeach()
endforeach()
file(STRINGS ${prefix}/bin/midlink baked REGEX "geodata/(profiles|lookups)")
if(baked)
  message(FATAL_ERROR "bin/midlink has a data path compiled in: ${baked}")
endif()

# 2. The consumer project, against the prefix only.
include(${CMAKE_CURRENT_LIST_DIR}/prefix_project.cmake)
midlink_prefix_configure(configure SOURCE ${CONSUMER_DIR} BUILD ${WORK_DIR}/build PREFIX ${prefix}
                         DEFINES -DMIDLINK_CONSUMER_FACADE=${FACADE} -DMIDLINK_CONSUMER_VERSION=${VERSION})
run(COMMAND ${configure})
run(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

# 3. A graph from the installed CLI. The profile is given by name and exists only as a file
# (car-no-connectors.yaml), so it must come from prefix/share/midlink/profiles.
set(midlink ${prefix}/bin/midlink)
set(no_env ${CMAKE_COMMAND} -E env --unset=MIDLINK_PROFILES --unset=MIDLINK_LOOKUPS)
set(pbf ${GEODATA}/osm-rutland-pydriosm/rutland-latest.osm.pbf)
run(COMMAND ${no_env} ${midlink} graph build --network ${pbf} --profile car-no-connectors
            -o ${WORK_DIR}/rutland.mlg --quiet)
# MIDLINK_PROFILES still overrides: in an empty folder the name is unknown (exit 2).
file(MAKE_DIRECTORY ${WORK_DIR}/no-profiles)
run(COMMAND ${CMAKE_COMMAND} -E env MIDLINK_PROFILES=${WORK_DIR}/no-profiles
            ${midlink} graph build --network ${pbf} --profile car-no-connectors -o ${WORK_DIR}/unused.mlg --quiet
    EXPECT 2 OUTPUT override)
if(NOT override_ERROR MATCHES "unknown profile 'car-no-connectors'")
  message(FATAL_ERROR "MIDLINK_PROFILES was not honoured: ${override_ERROR}")
endif()

# 4. The same pairs through the CLI and the consumer (places in Rutland, BNG; the last
# point is 185 km away, so unsnapped).
file(WRITE ${WORK_DIR}/pairs.csv
  "id,from_x,from_y,to_x,to_y\n"
  "oakham-uppingham,485980,308700,486650,299650\n"
  "oakham-empingham,485980,308700,495150,308400\n"
  "uppingham-ketton,486650,299650,498200,304400\n"
  "cottesmore-oakham,490100,313600,485980,308700\n"
  "ketton-oakham,498200,304400,485980,308700\n"
  "empingham-uppingham,495150,308400,486650,299650\n"
  "oakham-oakham,485980,308700,485980,308700\n"
  "far-away,300000,300000,485980,308700\n")
run(COMMAND ${no_env} ${midlink} route ${WORK_DIR}/rutland.mlg --pairs ${WORK_DIR}/pairs.csv --quiet OUTPUT cli)
run(COMMAND ${WORK_DIR}/build/midlink_consumer ${WORK_DIR}/rutland.mlg ${WORK_DIR}/pairs.csv OUTPUT consumer)
file(WRITE ${WORK_DIR}/cli.csv "${cli}")
file(WRITE ${WORK_DIR}/consumer.csv "${consumer}")

# CLI: id,time_s,distance_m,status,via -> id,status,time_s,distance_m
string(REGEX REPLACE "([^,\n]*),([^,\n]*),([^,\n]*),([^,\n]*),[^\n]*" "\\1,\\4,\\2,\\3" cli_rows "${cli}")
if(NOT cli_rows STREQUAL consumer)
  message(FATAL_ERROR "the consumer's routes differ from the CLI's\nCLI (reordered):\n${cli_rows}\nconsumer:\n${consumer}")
endif()
string(REGEX MATCHALL "\n[^,\n]*,ok,[0-9]" ok_rows "${consumer}")
list(LENGTH ok_rows ok_count)
if(ok_count LESS 7 OR NOT consumer MATCHES "\nfar-away,unsnapped,,\n")
  message(FATAL_ERROR "expected 7 routes and one unsnapped pair:\n${consumer}")
endif()

run(COMMAND ${midlink} --version OUTPUT cli_version)
string(STRIP "${cli_version}" cli_version)
if(NOT consumer_ERROR MATCHES "^${cli_version}\n")
  message(FATAL_ERROR "consumer reports '${consumer_ERROR}', the CLI '${cli_version}'")
endif()
message(STATUS "consumer (facade ${FACADE}) and CLI agree on ${ok_count} routes:\n${consumer}")
