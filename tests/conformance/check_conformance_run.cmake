# Runs `STRATA conformance --backend BACKEND --mode MODE` and fails unless it exits 0 and its
# last line is the summary "N passed, 0 failed, N unsupported" (with 0 unsupported when
# ALL_SUPPORTED). Called by the ctest commands of tests/conformance/CMakeLists.txt.
execute_process(
  COMMAND "${STRATA}" conformance --backend "${BACKEND}" --mode "${MODE}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE errors)
string(STRIP "${output}" output)
string(REGEX MATCH "[^\n]*$" last_line "${output}")
message("${last_line}")
set(expected "^[1-9][0-9]* passed, 0 failed, [0-9]+ unsupported$")
if(ALL_SUPPORTED)
  set(expected "^[1-9][0-9]* passed, 0 failed, 0 unsupported$")
endif()
if(NOT status EQUAL 0 OR NOT last_line MATCHES "${expected}")
  message(FATAL_ERROR "strata conformance --backend ${BACKEND} --mode ${MODE}: exit status "
                      "${status}, last line '${last_line}', expected ${expected}\n"
                      "${output}\n${errors}")
endif()
