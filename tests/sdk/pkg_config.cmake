# sdk.pkg_config: strata.pc and strata-sdk.pc, read from the prefix, give flags that work
# without CMake: the host program compiles, links and runs with `pkg-config --cflags --libs
# strata`, and the template backend builds with `pkg-config --cflags strata-sdk`.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
set(out "${WORK}/pkg-config")
file(REMOVE_RECURSE "${out}")
file(MAKE_DIRECTORY "${out}")

function(pkg_config output_var)
  strata_sdk_run(WHAT "pkg-config ${ARGN}" OUTPUT text COMMAND "${OUTER_PKG_CONFIG}" ${ARGN})
  string(STRIP "${text}" text)
  set(${output_var} "${text}" PARENT_SCOPE)
endfunction()

pkg_config(ignored --exists --print-errors "strata-sdk >= 1.0" "strata >= 0.1")
pkg_config(plugindir --variable=plugindir strata-sdk)
file(REAL_PATH "${plugindir}" plugindir)
file(REAL_PATH "${PREFIX}/${PLUGIN_INSTALL_DIR}" expected)
if(NOT plugindir STREQUAL expected)
  message(FATAL_ERROR "strata-sdk's plugindir is ${plugindir}, expected ${expected}")
endif()

pkg_config(host_flags --cflags --libs strata)
separate_arguments(host_flags UNIX_COMMAND "${host_flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${OUTER_CXX_FLAGS} ${OUTER_EXE_LINKER_FLAGS}")
strata_sdk_run(WHAT "compiling the host program with pkg-config's flags" COMMAND
  "${OUTER_CXX_COMPILER}" ${cxx_flags} -std=c++20 "${HOST_SOURCE_DIR}/main.cpp" ${host_flags}
  "-Wl,-rpath,${PREFIX}/${LIBDIR}" -o "${out}/strata-host")
strata_sdk_run_host("${out}/strata-host" reference)

pkg_config(sdk_flags --cflags strata-sdk)
separate_arguments(sdk_flags UNIX_COMMAND "${sdk_flags}")
separate_arguments(c_flags UNIX_COMMAND "${OUTER_C_FLAGS} ${OUTER_MODULE_LINKER_FLAGS}")
file(GLOB template_sources "${PREFIX}/${DATADIR}/strata/template/src/*.c")
set(plugin "${out}/libstrata-backend-template.so")
strata_sdk_run(WHAT "building the template backend with pkg-config's flags" COMMAND
  "${OUTER_C_COMPILER}" ${c_flags} -std=c99 -pedantic -Wall -Wextra -Werror -fPIC
  -fvisibility=hidden -shared ${sdk_flags} ${template_sources} -lm -Wl,--no-undefined
  -o "${plugin}")
strata_sdk_expect_only_bootstrap("${plugin}")
