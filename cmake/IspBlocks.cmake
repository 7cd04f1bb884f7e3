# Reads the ISP pipeline list (model/blocks/pipeline.def) and generates what follows from it:
# include lists for the register map, the model, the SystemC schedules and the firmware, and the
# source lists of every block folder. Adding a block is its folders plus one line in the list.
set(ISPSIM_PIPELINE_DEF ${PROJECT_SOURCE_DIR}/model/blocks/pipeline.def)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${ISPSIM_PIPELINE_DEF})
file(STRINGS ${ISPSIM_PIPELINE_DEF} pipeline_lines REGEX "^ISPSIM_PIPELINE_BLOCK\\(")

set(ISPSIM_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
set(ISPSIM_BLOCKS "")
set(registers_def "// Generated from model/blocks/pipeline.def: each block's registers, in pipeline order.\n")
set(model_includes "// Generated from model/blocks/pipeline.def.\n#pragma once\n")
set(schedule_includes "${model_includes}")
set(firmware_includes "${model_includes}")
set(ISPSIM_BLOCK_MODEL_SOURCES "")
set(ISPSIM_BLOCK_HW_SOURCES "")
set(ISPSIM_BLOCK_TEST_SOURCES "")
set(ISPSIM_BLOCK_FIRMWARE_SOURCES "")
set(ISPSIM_BLOCK_FIRMWARE_TEST_SOURCES "")

function(ispsim_sort_block_sources dir code_list test_list schedule_list)
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  foreach(source IN LISTS sources)
    if(source MATCHES "_test\\.cpp$")
      list(APPEND ${test_list} ${source})
    elseif(source MATCHES "_schedule\\.cpp$")
      list(APPEND ${schedule_list} ${source})
    else()
      list(APPEND ${code_list} ${source})
    endif()
  endforeach()
  set(${code_list} ${${code_list}} PARENT_SCOPE)
  set(${test_list} ${${test_list}} PARENT_SCOPE)
  set(${schedule_list} ${${schedule_list}} PARENT_SCOPE)
endfunction()

foreach(line IN LISTS pipeline_lines)
  if(NOT line MATCHES "^ISPSIM_PIPELINE_BLOCK\\(([a-z0-9_]+), *([A-Za-z0-9_]+)\\)")
    message(FATAL_ERROR "pipeline.def: cannot read '${line}'")
  endif()
  set(block ${CMAKE_MATCH_1})
  set(model_dir ${PROJECT_SOURCE_DIR}/model/blocks/${block})
  set(firmware_dir ${PROJECT_SOURCE_DIR}/firmware/blocks/${block})
  foreach(required ${model_dir}/registers.def ${model_dir}/${block}.hpp
                   ${firmware_dir}/${block}.hpp)
    if(NOT EXISTS ${required})
      message(FATAL_ERROR "pipeline.def names block '${block}' but ${required} is missing")
    endif()
  endforeach()
  list(APPEND ISPSIM_BLOCKS ${block})
  string(APPEND registers_def "#include \"model/blocks/${block}/registers.def\"\n")
  string(APPEND model_includes "#include \"model/blocks/${block}/${block}.hpp\"\n")
  string(APPEND firmware_includes "#include \"firmware/blocks/${block}/${block}.hpp\"\n")
  if(EXISTS ${model_dir}/${block}_schedule.hpp)
    string(APPEND schedule_includes "#include \"model/blocks/${block}/${block}_schedule.hpp\"\n")
  endif()

  # Sources by role: *_test.cpp are tests, *_schedule.cpp SystemC, the rest the block itself.
  ispsim_sort_block_sources(${model_dir} ISPSIM_BLOCK_MODEL_SOURCES ISPSIM_BLOCK_TEST_SOURCES
    ISPSIM_BLOCK_HW_SOURCES)
  ispsim_sort_block_sources(${firmware_dir} ISPSIM_BLOCK_FIRMWARE_SOURCES
    ISPSIM_BLOCK_FIRMWARE_TEST_SOURCES ISPSIM_BLOCK_FIRMWARE_SOURCES)
endforeach()

# file(CONFIGURE) rewrites a file only when its content changes, so a re-run rebuilds nothing.
file(CONFIGURE OUTPUT ${ISPSIM_GENERATED_DIR}/model/blocks/isp_block_registers.def
  CONTENT "${registers_def}" @ONLY)
file(CONFIGURE OUTPUT ${ISPSIM_GENERATED_DIR}/model/blocks/pipeline_blocks.hpp
  CONTENT "${model_includes}" @ONLY)
file(CONFIGURE OUTPUT ${ISPSIM_GENERATED_DIR}/model/blocks/pipeline_schedules.hpp
  CONTENT "${schedule_includes}" @ONLY)
file(CONFIGURE OUTPUT ${ISPSIM_GENERATED_DIR}/firmware/blocks/pipeline_blocks.hpp
  CONTENT "${firmware_includes}" @ONLY)
message(STATUS "ISP pipeline: ${ISPSIM_BLOCKS}")
