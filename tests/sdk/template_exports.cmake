# sdk.template_exports: the plugin's dynamic symbol table defines the bootstrap symbol and
# nothing else (hidden visibility, version script).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

strata_sdk_expect_only_bootstrap("${TEMPLATE_PLUGIN}")
