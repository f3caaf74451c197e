# SPDX-License-Identifier: Apache-2.0
# assay_add_plugin(NAME source...): build one plugin as a module that sees
# only the public headers, link it against libassay and install it.
function(assay_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY "${ASSAY_PLUGIN_BUILD_DIR}"
    C_VISIBILITY_PRESET hidden)
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/include")
  target_link_libraries(${name} PRIVATE assay_core PkgConfig::CJSON m)
  install(TARGETS ${name} LIBRARY DESTINATION ${ASSAY_PLUGIN_INSTALL_DIR})
endfunction()
