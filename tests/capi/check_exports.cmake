# Fails unless the shared library exports exactly the coderules_ functions that coderules.h
# declares: anything else (Abseil, protobuf, RE2, the C++ runtime) could clash with a host's own
# copy. Run as: cmake -DNM=... -DLIBRARY=... -DHEADER=... -P check_exports.cmake
foreach(_var NM LIBRARY HEADER)
  if(NOT ${_var})
    message(FATAL_ERROR "check_exports.cmake: -D${_var}= is required")
  endif()
endforeach()

execute_process(
  COMMAND "${NM}" -D --defined-only "${LIBRARY}"
  OUTPUT_VARIABLE _out
  ERROR_VARIABLE _err
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed (${_rc}): ${_err}")
endif()

string(REPLACE "\n" ";" _lines "${_out}")
set(_exported)
set(_foreign)
foreach(_line IN LISTS _lines)
  if(NOT _line MATCHES "^[0-9a-fA-F]* *([A-Za-z]) ([^ ]+)$")
    continue()
  endif()
  set(_type "${CMAKE_MATCH_1}")
  set(_name "${CMAKE_MATCH_2}")
  # An 'A' symbol is a version node such as LIBCODERULES_1, not code or data.
  if(_type STREQUAL "A")
    continue()
  endif()
  string(REGEX REPLACE "@.*$" "" _name "${_name}")
  if(_name MATCHES "^coderules_")
    list(APPEND _exported "${_name}")
  else()
    list(APPEND _foreign "${_type} ${_name}")
  endif()
endforeach()

if(_foreign)
  list(LENGTH _foreign _n)
  list(JOIN _foreign "\n  " _shown)
  message(FATAL_ERROR
    "${LIBRARY} exports ${_n} symbol(s) without the coderules_ prefix:\n  ${_shown}")
endif()

# Every function the header declares is exported, and nothing else.
file(READ "${HEADER}" _header)
string(REGEX MATCHALL "CODERULES_CALL[ \n]+(coderules_[a-z0-9_]+)\\(" _decls "${_header}")
set(_declared)
foreach(_decl IN LISTS _decls)
  string(REGEX REPLACE "^CODERULES_CALL[ \n]+|\\($" "" _decl "${_decl}")
  list(APPEND _declared "${_decl}")
endforeach()
if(NOT _declared)
  message(FATAL_ERROR "found no declarations in ${HEADER}")
endif()
list(SORT _declared)
list(REMOVE_DUPLICATES _exported)
list(SORT _exported)
if(NOT _declared STREQUAL _exported)
  message(FATAL_ERROR
    "exports differ from ${HEADER}:\n  declared: ${_declared}\n  exported: ${_exported}")
endif()
list(LENGTH _exported _n)
message(STATUS "${_n} symbols exported, all declared in coderules.h")
