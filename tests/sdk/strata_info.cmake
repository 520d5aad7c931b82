# sdk.info_*: the installed `strata info` loads the template backend, chosen one way or
# another, and names the file it loaded.
#   BACKEND         the value of STRATA_BACKEND (a name or a path), or
#   CONFIG_BACKEND  the config file's "backend" key instead;
#   PLUGIN_PATH     STRATA_PLUGIN_PATH (optional);
#   EXPECT_FILE     the plugin file that must be chosen.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(env)
if(DEFINED BACKEND)
  list(APPEND env "STRATA_BACKEND=${BACKEND}")
endif()
if(DEFINED PLUGIN_PATH)
  list(APPEND env "STRATA_PLUGIN_PATH=${PLUGIN_PATH}")
endif()
if(DEFINED CONFIG_BACKEND)
  strata_sdk_strata(ignored -- config set backend "${CONFIG_BACKEND}")
endif()

strata_sdk_strata(out ${env} -- info)
strata_sdk_expect_contains("${out}" "Backend: template 1.0.0" "strata info")
strata_sdk_expect_contains("${out}" "  file: ${EXPECT_FILE}\n" "strata info")
