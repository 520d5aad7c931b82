# sdk.template_build: the template backend, copied from the prefix, configures and builds
# against the prefix alone and installs its plugin into the prefix's plugin folder.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(source "${WORK}/template-src")
set(build "${WORK}/template-build")
file(REMOVE_RECURSE "${source}")
file(COPY "${PREFIX}/${DATADIR}/strata/template/" DESTINATION "${source}")
strata_sdk_build("the template backend" "${source}" "${build}")
strata_sdk_expect_found_in_prefix("${build}" StrataSDK)
strata_sdk_expect_no_source_includes("${build}")
if(NOT EXISTS "${TEMPLATE_PLUGIN}")
  message(FATAL_ERROR "the template build did not make ${TEMPLATE_PLUGIN}")
endif()

strata_sdk_run(WHAT "installing the template backend" COMMAND
  "${CMAKE_COMMAND}" --install "${build}" --prefix "${PREFIX}")
set(installed "${PREFIX}/${PLUGIN_INSTALL_DIR}/libstrata-backend-template.so")
if(NOT EXISTS "${installed}")
  message(FATAL_ERROR "installing the template did not make ${installed}")
endif()
