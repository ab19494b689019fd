/*
 * capi/coderules.h must stand alone as strict C99 (built with -std=c99 -pedantic -Werror) and as
 * C++ (header_test.cc includes this file). Taking every function's address and linking proves
 * that each declaration is exported with C linkage.
 */
#include "coderules.h"

/* A compile-time assertion that needs neither C11 nor C++11. */
#define HEADER_TEST_ASSERT(name, cond) typedef char header_test_##name[(cond) ? 1 : -1]

HEADER_TEST_ASSERT(ok_is_zero, CODERULES_OK == 0);
HEADER_TEST_ASSERT(codes_are_absl, CODERULES_INVALID_ARGUMENT == 3 && CODERULES_NOT_FOUND == 5 &&
                                       CODERULES_OUT_OF_RANGE == 11 &&
                                       CODERULES_UNAUTHENTICATED == 16);
HEADER_TEST_ASSERT(formats, CODERULES_FORMAT_BINARY == 1 && CODERULES_FORMAT_JSON == 2);
HEADER_TEST_ASSERT(version_number, CODERULES_VERSION_NUMBER == CODERULES_VERSION_MAJOR * 10000 +
                                                                   CODERULES_VERSION_MINOR * 100 +
                                                                   CODERULES_VERSION_PATCH);
HEADER_TEST_ASSERT(abi_version, CODERULES_ABI_VERSION >= 1);
/* The buffer is two fixed-width fields that C#, ctypes and others lay out the same way. */
HEADER_TEST_ASSERT(buffer_layout, sizeof(coderules_buffer) == sizeof(void*) + sizeof(size_t));

typedef void (*AnyFunction)(void);

int main(void) {
  /* Casting between function pointer types is allowed in C and C++; calling them is not. */
  AnyFunction functions[] = {
      (AnyFunction)coderules_version_number,
      (AnyFunction)coderules_version_string,
      (AnyFunction)coderules_abi_version,
      (AnyFunction)coderules_status_name,
      (AnyFunction)coderules_last_error_message,
      (AnyFunction)coderules_options_create,
      (AnyFunction)coderules_options_destroy,
      (AnyFunction)coderules_options_set_int,
      (AnyFunction)coderules_options_bounds,
      (AnyFunction)coderules_engine_create_from_file,
      (AnyFunction)coderules_engine_create_from_bytes,
      (AnyFunction)coderules_engine_destroy,
      (AnyFunction)coderules_engine_pack_version,
      (AnyFunction)coderules_engine_check,
      (AnyFunction)coderules_buffer_free,
  };
  size_t i;
  for (i = 0; i < sizeof functions / sizeof functions[0]; ++i) {
    if (functions[i] == 0) return 1;
  }
  return coderules_abi_version() == CODERULES_ABI_VERSION ? 0 : 1;
}
