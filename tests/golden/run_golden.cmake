# Runs COMMAND with ARGS (a ;-list), writes stdout to ACTUAL, and fails unless it equals EXPECTED.
execute_process(COMMAND ${COMMAND} ${ARGS}
  OUTPUT_FILE ${ACTUAL}
  ERROR_VARIABLE stderr
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "exit status ${status}: ${stderr}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED} ${ACTUAL} RESULT_VARIABLE differ)
if(differ)
  execute_process(COMMAND diff -u ${EXPECTED} ${ACTUAL})
  message(FATAL_ERROR "output differs from ${EXPECTED}")
endif()
