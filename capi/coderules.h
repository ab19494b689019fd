/*
 * coderules: the stable C ABI.
 *
 * Conventions
 *  1. Opaque handles only. Each type has a _create that writes the new handle through its first
 *     argument, `out` (the caller owns it), and a _destroy that accepts NULL.
 *  2. Every fallible call returns an int32_t status: CODERULES_OK (0) or one of the codes below,
 *     which are absl::StatusCode / google.rpc.Code values; they never change. On failure,
 *     coderules_last_error_message() gives the detail: thread-local, owned by the library, never
 *     NULL ("" when there is none), valid until the next coderules_ call on the same thread.
 *     Every call that returns a status clears it first, so it is never stale. Messages never
 *     contain claim content.
 *  3. Findings about a claim are data, not errors: a claim that breaks rules, or bytes that are
 *     not a claim at all, yield CODERULES_OK and a result whose findings say so.
 *  4. Strings are UTF-8 and passed as (pointer, length); no NUL terminator is needed.
 *  5. Data crosses as protobuf messages (coderules.v1.Claim, History, CheckResult), binary or
 *     proto3 JSON, chosen by a `format` argument.
 *  6. Output buffers are allocated by the library and released with coderules_buffer_free(),
 *     never with free().
 *  7. Flags and booleans are int32_t 0/1. No call aborts or lets an exception escape; NULL where
 *     a pointer is required returns CODERULES_INVALID_ARGUMENT.
 *
 * Thread-safety: an engine is immutable; coderules_engine_check may be called from any number of
 * threads at once. coderules_engine_destroy must not race with its use. An options handle is
 * single-threaded. The last error is per thread: read it on the thread that failed.
 */
#ifndef CODERULES_CAPI_CODERULES_H_
#define CODERULES_CAPI_CODERULES_H_

#include <stddef.h>
#include <stdint.h>

#include "coderules_export.h"

#define CODERULES_VERSION_MAJOR 0
#define CODERULES_VERSION_MINOR 1
#define CODERULES_VERSION_PATCH 0
#define CODERULES_VERSION_NUMBER \
  (CODERULES_VERSION_MAJOR * 10000 + CODERULES_VERSION_MINOR * 100 + CODERULES_VERSION_PATCH)
#define CODERULES_VERSION_STRING "0.1.0"
/* Bumped only when the ABI breaks; equals the shared library's SOVERSION. */
#define CODERULES_ABI_VERSION 1

/* Status codes (absl::StatusCode values). */
#define CODERULES_OK 0
#define CODERULES_CANCELLED 1
#define CODERULES_UNKNOWN 2
#define CODERULES_INVALID_ARGUMENT 3
#define CODERULES_DEADLINE_EXCEEDED 4
#define CODERULES_NOT_FOUND 5
#define CODERULES_ALREADY_EXISTS 6
#define CODERULES_PERMISSION_DENIED 7
#define CODERULES_RESOURCE_EXHAUSTED 8
#define CODERULES_FAILED_PRECONDITION 9
#define CODERULES_ABORTED 10
#define CODERULES_OUT_OF_RANGE 11
#define CODERULES_UNIMPLEMENTED 12
#define CODERULES_INTERNAL 13
#define CODERULES_UNAVAILABLE 14
#define CODERULES_DATA_LOSS 15
#define CODERULES_UNAUTHENTICATED 16

/* Message formats. */
#define CODERULES_FORMAT_BINARY 1 /* protobuf binary */
#define CODERULES_FORMAT_JSON 2   /* proto3 JSON */

/* Engine options (keys for coderules_options_set_int). */
#define CODERULES_OPT_MAX_LINES 1         /* claims with more lines are rejected; default 999 */
#define CODERULES_OPT_MAX_HISTORY_LINES 2 /* default 10000 */
#define CODERULES_OPT_MAX_INPUT_BYTES 3   /* largest claim or history accepted; default 8 MiB */

CODERULES_BEGIN_DECL

typedef struct coderules_engine coderules_engine;
typedef struct coderules_options coderules_options;

/* A library-owned byte buffer; text is NUL-terminated at data[size]. */
typedef struct coderules_buffer {
  uint8_t* data;
  size_t size;
} coderules_buffer;

/* CODERULES_VERSION_NUMBER and _STRING of the library actually loaded. */
CODERULES_API int32_t CODERULES_CALL coderules_version_number(void);
CODERULES_API const char* CODERULES_CALL coderules_version_string(void);
/* CODERULES_ABI_VERSION of the library actually loaded; bindings check it at load. */
CODERULES_API int32_t CODERULES_CALL coderules_abi_version(void);

/* Fixed text for a status code, e.g. "INVALID_ARGUMENT"; never NULL. */
CODERULES_API const char* CODERULES_CALL coderules_status_name(int32_t status);
/* Detail of this thread's last failure; see convention 2. */
CODERULES_API const char* CODERULES_CALL coderules_last_error_message(void);

/* Options with documented defaults; pass NULL to the engine calls for all defaults. */
CODERULES_API int32_t CODERULES_CALL coderules_options_create(coderules_options** out);
CODERULES_API void CODERULES_CALL coderules_options_destroy(coderules_options* options);
/* Sets an option; CODERULES_OUT_OF_RANGE when value is outside coderules_options_bounds. */
CODERULES_API int32_t CODERULES_CALL coderules_options_set_int(coderules_options* options,
                                                               int32_t key, int64_t value);
CODERULES_API int32_t CODERULES_CALL coderules_options_bounds(int32_t key, int64_t* min_out,
                                                              int64_t* max_out);

/* Loads a rule pack file (path in UTF-8) and makes an engine over it. */
CODERULES_API int32_t CODERULES_CALL coderules_engine_create_from_file(
    coderules_engine** out, const char* path, size_t path_size, const coderules_options* options);
/* The same from the pack's bytes, which are copied. */
CODERULES_API int32_t CODERULES_CALL coderules_engine_create_from_bytes(
    coderules_engine** out, const uint8_t* data, size_t size, const coderules_options* options);
CODERULES_API void CODERULES_CALL coderules_engine_destroy(coderules_engine* engine);

/* The pack's version; borrowed, valid while the engine lives. */
CODERULES_API const char* CODERULES_CALL
coderules_engine_pack_version(const coderules_engine* engine);

/*
 * Checks one claim. `claim` is a coderules.v1.Claim and `history` (NULL or size 0 for none) a
 * coderules.v1.History, both in `format`. On CODERULES_OK, *out holds the
 * coderules.v1.CheckResult in the same format; release it with coderules_buffer_free().
 */
CODERULES_API int32_t CODERULES_CALL coderules_engine_check(
    const coderules_engine* engine, int32_t format, const uint8_t* claim, size_t claim_size,
    const uint8_t* history, size_t history_size, coderules_buffer* out);

/*
 * What the engine's pack knows about one code (any case; the ICD-10-CM dot is optional): its
 * system, title, validity windows, 7th characters, notes, fee-schedule indicators and the NCCI
 * edits that name it. `date` is "YYYY-MM-DD" (NULL or size 0: every period the pack holds). On
 * CODERULES_OK, *out holds a coderules.v1.LookupResult in `format`; a code the pack does not
 * know is still OK, with known = false. CODERULES_INVALID_ARGUMENT when the text has no code's
 * shape or the date is not a date.
 */
CODERULES_API int32_t CODERULES_CALL coderules_engine_lookup(
    const coderules_engine* engine, int32_t format, const char* code, size_t code_size,
    const char* date, size_t date_size, coderules_buffer* out);

/*
 * What went into the engine's pack: a coderules.v1.PackInfo in `format` (version, each source
 * with its version and row accounting, and the row count of each table).
 */
CODERULES_API int32_t CODERULES_CALL coderules_engine_pack_info(const coderules_engine* engine,
                                                                int32_t format,
                                                                coderules_buffer* out);

/* Releases a buffer's data and zeroes it; NULL and empty buffers are fine. */
CODERULES_API void CODERULES_CALL coderules_buffer_free(coderules_buffer* buffer);

CODERULES_END_DECL

#endif /* CODERULES_CAPI_CODERULES_H_ */
