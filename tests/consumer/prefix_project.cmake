# Included by the cmake -P tests that build a project against an installed midlink, as a
# user would (Consumer.routes_equal_cli, DocExamples.library_cpp). Reads the scripts' own
# -D variables GENERATOR, CXX_COMPILER, CXX_LAUNCHER and LINKER_FLAGS.
#
# midlink_prefix_configure(<out-var> SOURCE <dir> BUILD <dir> PREFIX <dir> [DEFINES -D...])
# sets <out-var> to the configure command: a Release build with this build's compiler,
# launcher and linker flags, finding midlink under PREFIX only.
function(midlink_prefix_configure out)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE;BUILD;PREFIX" "DEFINES")
  set(command ${CMAKE_COMMAND} -S ${arg_SOURCE} -B ${arg_BUILD} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${arg_PREFIX} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${arg_DEFINES})
  if(CXX_LAUNCHER)
    list(APPEND command -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_LAUNCHER})
  endif()
  if(LINKER_FLAGS)
    list(APPEND command "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
  endif()
  set(${out} ${command} PARENT_SCOPE)
endfunction()
