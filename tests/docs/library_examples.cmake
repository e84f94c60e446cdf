# DocExamples.library_cpp (cmake -P): every ```cpp block of docs/library.md must compile and
# link against midlink installed from this build tree, as a user's program would.
# Variables (-D): BUILD_DIR, SOURCE_DIR, WORK_DIR, PYTHON, GENERATOR, CXX_COMPILER,
# CXX_LAUNCHER, LINKER_FLAGS.
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

execute_process(COMMAND ${PYTHON} ${SOURCE_DIR}/tests/docs/extract_cpp_examples.py ${SOURCE_DIR}/docs/library.md
                        ${WORK_DIR}/examples
                OUTPUT_VARIABLE count OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
message(STATUS "${count} C++ examples in docs/library.md")
if(count LESS 1)
  message(FATAL_ERROR "docs/library.md has no ```cpp example")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
include(${SOURCE_DIR}/tests/consumer/prefix_project.cmake)
midlink_prefix_configure(configure SOURCE ${SOURCE_DIR}/tests/docs/library_examples BUILD ${WORK_DIR}/build
                         PREFIX ${WORK_DIR}/prefix DEFINES -DEXAMPLES_DIR=${WORK_DIR}/examples)
execute_process(COMMAND ${configure} OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
# Errors name the generated file, whose first line names the page and line of the block.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build COMMAND_ERROR_IS_FATAL ANY)
