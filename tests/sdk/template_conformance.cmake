# sdk.template_conformance: the installed `strata conformance` passes every op the template
# supports and reports the rest as unsupported, not as failures.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

strata_sdk_strata(out -- conformance --backend "${TEMPLATE_PLUGIN}")
if(NOT out MATCHES "([0-9]+) passed, ([0-9]+) failed, ([0-9]+) unsupported")
  message(FATAL_ERROR "no summary line \"N passed, F failed, U unsupported\" in:\n${out}")
endif()
set(passed ${CMAKE_MATCH_1})
set(failed ${CMAKE_MATCH_2})
set(unsupported ${CMAKE_MATCH_3})
if(passed EQUAL 0 OR NOT failed EQUAL 0 OR unsupported EQUAL 0)
  message(FATAL_ERROR "expected passes, no failures and some unsupported ops "
                      "(binary and matmul only); got ${passed} passed, ${failed} failed, "
                      "${unsupported} unsupported:\n${out}")
endif()
message(STATUS "${CMAKE_MATCH_0}")
