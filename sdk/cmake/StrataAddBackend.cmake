# strata_add_backend(NAME SOURCES source...)
#
# Builds the Strata backend plugin NAME: a MODULE library (target strata-backend-NAME, file
# libstrata-backend-NAME.so) that exports the bootstrap symbol `strata_backend_get_api` and
# nothing else, and installs it where Strata looks for plugins. This one file serves both
# Strata's own build (sdk/CMakeLists.txt includes it) and the installed StrataSDK package
# (StrataSDKConfig.cmake includes it), so in-tree and third-party plugins are built alike.
#
# Variables read when the function is called:
#   STRATA_PLUGIN_OUTPUT_DIR   where the built file goes (default: the current binary folder).
#   STRATA_PLUGIN_INSTALL_DIR  where `cmake --install` puts it, relative to the install prefix
#                              (default: ${CMAKE_INSTALL_LIBDIR}/strata/plugins).
include_guard(GLOBAL)
include(GNUInstallDirs)

# A name users type (STRATA_BACKEND=NAME) and the loader turns into a file name, so nothing
# that a shell or a path would read specially.
function(_strata_check_backend_name name)
  if(NOT name MATCHES "^[A-Za-z0-9][A-Za-z0-9_-]*$")
    message(FATAL_ERROR "strata_add_backend: \"${name}\" is not a valid backend name: use "
                        "letters, digits, '-' and '_', starting with a letter or digit "
                        "(it becomes the file name libstrata-backend-${name}.so)")
  endif()
endfunction()

# Hidden visibility keeps the plugin's own functions private; the version script also hides
# default-visibility symbols that static libraries bring along, and --exclude-libs keeps
# those libraries' symbols out of the dynamic table, so two plugins linking different versions
# of the same static library never resolve to each other's copy.
function(_strata_export_only_bootstrap target)
  set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}.map")
  file(CONFIGURE OUTPUT "${script}"
       CONTENT "{\n  global: strata_backend_get_api;\n  local: *;\n};\n")
  target_link_options(${target} PRIVATE
    "LINKER:--version-script=${script}"
    "LINKER:--exclude-libs,ALL"
    # Every symbol must resolve now: an undefined one would otherwise fail only at load time,
    # on the user's machine.
    "LINKER:--no-undefined")
  set_target_properties(${target} PROPERTIES
    LINK_DEPENDS "${script}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

function(strata_add_backend name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "strata_add_backend(${name}): unexpected arguments "
                        "\"${ARG_UNPARSED_ARGUMENTS}\"; usage: strata_add_backend(NAME SOURCES ...)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "strata_add_backend(${name}): no SOURCES given; "
                        "usage: strata_add_backend(NAME SOURCES file.c ...)")
  endif()
  _strata_check_backend_name("${name}")

  set(target strata-backend-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Strata::sdk)
  # The loader finds NAME by this exact file name on every platform Strata supports.
  set_target_properties(${target} PROPERTIES PREFIX "lib" SUFFIX ".so")
  _strata_export_only_bootstrap(${target})
  if(DEFINED STRATA_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${STRATA_PLUGIN_OUTPUT_DIR}")
  endif()

  set(destination "${CMAKE_INSTALL_LIBDIR}/strata/plugins")
  if(DEFINED STRATA_PLUGIN_INSTALL_DIR)
    set(destination "${STRATA_PLUGIN_INSTALL_DIR}")
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION "${destination}")
endfunction()
