# sdk.host_cmake: a host application builds out of tree with find_package(Strata) against the
# prefix alone, and runs on the installed reference backend.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(source "${WORK}/host-src")
set(build "${WORK}/host-build")
file(REMOVE_RECURSE "${source}")
file(COPY "${HOST_SOURCE_DIR}/" DESTINATION "${source}")
strata_sdk_build("the host program" "${source}" "${build}")
strata_sdk_expect_found_in_prefix("${build}" Strata)
strata_sdk_expect_found_in_prefix("${build}" StrataSDK)
strata_sdk_expect_no_source_includes("${build}")
strata_sdk_run_host("${build}/strata-host" reference)
