# Shared by the sdk test scripts (cmake -P). SETTINGS names the file tests/sdk/CMakeLists.txt
# wrote: this build's compilers, flags, folders and the install prefix under test.
include("${SETTINGS}")

# strata_sdk_run(WHAT <what it does> [OUTPUT var] COMMAND ...): runs COMMAND and fails the
# test, showing its output, when it exits non-zero.
function(strata_sdk_run)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "WHAT;OUTPUT" "COMMAND")
  execute_process(COMMAND ${ARG_COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    list(JOIN ARG_COMMAND " " command_line)
    message(FATAL_ERROR "${ARG_WHAT} failed (exit ${rc}):\n  ${command_line}\n${out}")
  endif()
  if(ARG_OUTPUT)
    set(${ARG_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# Configures and builds the project in `source` into a fresh `build` folder with this build's
# toolchain, finding packages in PREFIX and nowhere else Strata could be (no package
# registries). Extra arguments go to the configure step.
function(strata_sdk_build what source build)
  file(REMOVE_RECURSE "${build}")
  set(toolchain
    -G "${OUTER_GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${OUTER_MAKE_PROGRAM}"
    "-DCMAKE_BUILD_TYPE=${OUTER_BUILD_TYPE}"
    "-DCMAKE_C_COMPILER=${OUTER_C_COMPILER}" "-DCMAKE_CXX_COMPILER=${OUTER_CXX_COMPILER}"
    "-DCMAKE_C_FLAGS=${OUTER_C_FLAGS}" "-DCMAKE_CXX_FLAGS=${OUTER_CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${OUTER_EXE_LINKER_FLAGS}"
    "-DCMAKE_SHARED_LINKER_FLAGS=${OUTER_SHARED_LINKER_FLAGS}"
    "-DCMAKE_MODULE_LINKER_FLAGS=${OUTER_MODULE_LINKER_FLAGS}")
  strata_sdk_run(WHAT "configuring ${what}" COMMAND
    "${CMAKE_COMMAND}" -S "${source}" -B "${build}" ${toolchain}
    "-DCMAKE_PREFIX_PATH=${PREFIX}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_COMPILE_WARNING_AS_ERROR=ON ${ARGN})
  strata_sdk_run(WHAT "building ${what}" COMMAND "${CMAKE_COMMAND}" --build "${build}")
endfunction()

# Fails unless the cache of `build` found package `name` in the prefix under test.
function(strata_sdk_expect_found_in_prefix build name)
  file(STRINGS "${build}/CMakeCache.txt" line REGEX "^${name}_DIR:")
  string(REGEX REPLACE "^[^=]*=" "" dir "${line}")
  set(expected "${PREFIX}/${LIBDIR}/cmake/${name}")
  if(NOT dir STREQUAL expected)
    message(FATAL_ERROR "find_package(${name}) used \"${dir}\", not the prefix under test "
                        "(\"${expected}\")")
  endif()
endfunction()

# Fails if the build's compile commands point into Strata's source tree: an out-of-tree build
# must get every Strata header from the prefix.
function(strata_sdk_expect_no_source_includes build)
  file(READ "${build}/compile_commands.json" commands)
  foreach(room IN ITEMS sdk core)
    string(FIND "${commands}" "${SOURCE_DIR}/${room}/" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${build} compiles with Strata's source tree (${SOURCE_DIR}/${room}/):"
                          "\n${commands}")
    endif()
  endforeach()
  string(FIND "${commands}" "${PREFIX}/${INCLUDEDIR}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${build} does not compile with ${PREFIX}/${INCLUDEDIR}:\n${commands}")
  endif()
endfunction()

# Runs `strata` from the prefix with a clean environment of its own: a private config folder
# and no plugin path or backend from the caller's shell. ARGN: VAR=value pairs, then "--", then
# the arguments of strata.
function(strata_sdk_strata output_var)
  list(FIND ARGN "--" split)
  list(SUBLIST ARGN 0 ${split} env)
  math(EXPR first "${split} + 1")
  list(SUBLIST ARGN ${first} -1 args)
  strata_sdk_run(WHAT "strata ${args}" OUTPUT out COMMAND
    "${CMAKE_COMMAND}" -E env --unset=STRATA_PLUGIN_PATH --unset=STRATA_BACKEND
    "STRATA_HOME=${WORK}/home-${TEST_NAME}" STRATA_QUIET=1 ${env}
    "${PREFIX}/${BINDIR}/strata" ${args})
  set(${output_var} "${out}" PARENT_SCOPE)
endfunction()

# Fails unless `text` contains `needle`.
function(strata_sdk_expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: expected \"${needle}\" in:\n${text}")
  endif()
endfunction()

# Runs the host program built from tests/sdk/host against `backend` (a name or a plugin path).
function(strata_sdk_run_host program backend)
  strata_sdk_run(WHAT "the host program on ${backend}" OUTPUT out COMMAND
    "${CMAKE_COMMAND}" -E env --unset=STRATA_PLUGIN_PATH --unset=STRATA_BACKEND
    "STRATA_HOME=${WORK}/home-${TEST_NAME}" STRATA_QUIET=1 "${program}" "${backend}")
  strata_sdk_expect_contains("${out}" "host: ok" "the host program on ${backend}")
  message(STATUS "${out}")
endfunction()

# Fails unless `plugin`'s dynamic symbol table defines strata_backend_get_api and nothing else.
function(strata_sdk_expect_only_bootstrap plugin)
  strata_sdk_run(WHAT "nm" OUTPUT table COMMAND "${OUTER_NM}" -D --defined-only "${plugin}")
  string(REGEX MATCHALL "[^\n]+" lines "${table}")
  list(LENGTH lines count)
  if(NOT count EQUAL 1 OR NOT table MATCHES " T strata_backend_get_api\n")
    message(FATAL_ERROR "${plugin} should define exactly one dynamic symbol, "
                        "strata_backend_get_api; nm -D --defined-only says:\n${table}")
  endif()
endfunction()
