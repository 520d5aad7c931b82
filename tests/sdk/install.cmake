# sdk.install: `cmake --install` of this build into a fresh prefix gives the files a third
# party needs, and none of them refers back to the source or build tree.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

file(REMOVE_RECURSE "${PREFIX}" "${WORK}")
strata_sdk_run(WHAT "installing ${BINARY_DIR}" COMMAND
  "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${PREFIX}")

set(expected
  ${INCLUDEDIR}/strata/backend.h
  ${INCLUDEDIR}/strata/philox.h
  ${INCLUDEDIR}/strata/kit/op_checks.hpp
  ${INCLUDEDIR}/strata/backend.hpp
  ${LIBDIR}/libstrata.so
  ${LIBDIR}/cmake/StrataSDK/StrataSDKConfig.cmake
  ${LIBDIR}/cmake/StrataSDK/StrataSDKConfigVersion.cmake
  ${LIBDIR}/cmake/StrataSDK/StrataAddBackend.cmake
  ${LIBDIR}/cmake/Strata/StrataConfig.cmake
  ${LIBDIR}/cmake/Strata/StrataConfigVersion.cmake
  ${LIBDIR}/pkgconfig/strata.pc
  ${LIBDIR}/pkgconfig/strata-sdk.pc
  ${DATADIR}/strata/template/CMakeLists.txt
  ${DATADIR}/strata/template/src/plugin.c)
foreach(plugin IN LISTS IN_TREE_PLUGINS)
  list(APPEND expected ${PLUGIN_INSTALL_DIR}/libstrata-backend-${plugin}.so)
endforeach()
foreach(file IN LISTS expected)
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "the install lacks ${file}")
  endif()
endforeach()

# A package that names the source or build tree breaks once the tree is gone or the prefix is
# copied elsewhere.
file(GLOB_RECURSE package_files "${PREFIX}/${LIBDIR}/cmake/*" "${PREFIX}/${LIBDIR}/pkgconfig/*")
foreach(file IN LISTS package_files)
  file(READ "${file}" text)
  foreach(tree IN ITEMS "${SOURCE_DIR}" "${BINARY_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} refers to ${tree}: the installed package is not relocatable")
    endif()
  endforeach()
endforeach()
