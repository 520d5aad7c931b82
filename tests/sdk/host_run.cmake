# sdk.host_on_template: the host program built by sdk.host_cmake runs on the template backend,
# chosen by path, and gets the values it computes itself.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

strata_sdk_run_host("${WORK}/host-build/strata-host" "${BACKEND}")
