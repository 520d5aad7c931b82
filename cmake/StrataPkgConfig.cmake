# strata_install_pkgconfig(TEMPLATE FILE_NAME): configures a pkg-config file and installs it in
# ${CMAKE_INSTALL_LIBDIR}/pkgconfig.
#
# The file locates the prefix from its own folder (${pcfiledir}), not from the prefix known at
# configure time, so `cmake --install build --prefix /elsewhere` and a moved install tree both
# give correct flags. Templates use @PC_PREFIX@, @PC_LIBDIR@, @PC_INCLUDEDIR@ and
# @PC_PLUGINDIR@, each already in pkg-config syntax.
include_guard(GLOBAL)
include(GNUInstallDirs)

# The pkg-config spelling of install folder `dir`: relative to ${prefix}, or absolute as given.
function(_strata_pc_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

function(strata_install_pkgconfig template file_name)
  set(pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  # A dummy root turns the two relative install folders into a relative path between them.
  file(RELATIVE_PATH up "/root/${pc_dir}" "/root")
  string(REGEX REPLACE "/$" "" up "${up}")
  set(PC_PREFIX "\${pcfiledir}/${up}")
  _strata_pc_dir(PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
  _strata_pc_dir(PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
  _strata_pc_dir(PC_PLUGINDIR "${STRATA_PLUGIN_INSTALL_DIR}")
  configure_file("${template}" "${CMAKE_CURRENT_BINARY_DIR}/${file_name}" @ONLY)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/${file_name}" DESTINATION "${pc_dir}")
endfunction()
