# SPDX-License-Identifier: Apache-2.0
# assay_add_plugin(NAME source...): build one plugin as a module that sees
# only the public headers, link it against libassay and install it.

# An installed plugin finds libassay from its own folder, wherever the
# prefix is (ASSAY_PLUGIN_INSTALL_DIR and CMAKE_INSTALL_LIBDIR may differ).
file(RELATIVE_PATH ASSAY_PLUGIN_TO_LIBDIR "/${ASSAY_PLUGIN_INSTALL_DIR}" "/${CMAKE_INSTALL_LIBDIR}")
string(REGEX REPLACE "/$" "" ASSAY_PLUGIN_TO_LIBDIR "${ASSAY_PLUGIN_TO_LIBDIR}")

function(assay_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${ASSAY_PLUGIN_BUILD_DIR}"
    C_VISIBILITY_PRESET hidden
    INSTALL_RPATH "$ORIGIN/${ASSAY_PLUGIN_TO_LIBDIR}")
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/include")
  target_link_libraries(${name} PRIVATE assay_core PkgConfig::CJSON m)
  install(TARGETS ${name} LIBRARY DESTINATION ${ASSAY_PLUGIN_INSTALL_DIR})
endfunction()
