# Read by the asan preset right after project() (CMAKE_PROJECT_INCLUDE).
#
# Plugins link with --no-undefined, and clang leaves the sanitizer runtime out of shared
# libraries, so its symbols would be undefined there and the link would fail. -shared-libasan
# links every executable, library and plugin against the one shared runtime (a process must
# hold a single copy of it), and the rpath lets them find it in clang's runtime folder. The
# variables are appended to, not replaced, so the SDK tests' out-of-tree builds, which copy
# them, link the same way.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  return()
endif()
execute_process(COMMAND "${CMAKE_CXX_COMPILER}" --print-runtime-dir
  OUTPUT_VARIABLE strata_sanitizer_runtime_dir OUTPUT_STRIP_TRAILING_WHITESPACE
  COMMAND_ERROR_IS_FATAL ANY)
foreach(kind IN ITEMS EXE SHARED MODULE)
  string(APPEND CMAKE_${kind}_LINKER_FLAGS
    " -shared-libasan -Wl,-rpath,${strata_sanitizer_runtime_dir}")
endforeach()
