# sdk.train_on_template: a Keras-style program built out of tree against the prefix (by
# sdk.host_cmake) trains a small classifier on the template backend, chosen by path, with the
# core running the ops the template leaves out on the installed reference backend. The program
# checks the Dense layers' own work ran on the template, the loss falls and matches the
# reference backend's (tests/sdk/host/train.cpp).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

strata_sdk_run(WHAT "training on ${BACKEND}" OUTPUT out COMMAND
  "${CMAKE_COMMAND}" -E env --unset=STRATA_PLUGIN_PATH --unset=STRATA_BACKEND
  "STRATA_HOME=${WORK}/home-${TEST_NAME}" STRATA_QUIET=1
  "${WORK}/host-build/strata-train" "${BACKEND}")
strata_sdk_expect_contains("${out}" "train: ok" "training on ${BACKEND}")
message(STATUS "${out}")
