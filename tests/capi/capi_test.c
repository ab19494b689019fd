/*
 * The C ABI as a C host sees it: every entry point, every error path, and concurrent checks on one
 * engine. Plain C99 with its own tiny assertion macro, so that no C++ sneaks into the host side.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coderules.h"

static int failures = 0;

#define EXPECT(cond)                                                            \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: EXPECT(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                               \
    }                                                                           \
  } while (0)

/* A failed call must return `want` and leave a message that says why. The message is read first:
 * it lasts only until the next coderules_ call. */
static void ExpectFails(int32_t got, int32_t want, const char* call, int line) {
  char message[1024];
  snprintf(message, sizeof message, "%s", coderules_last_error_message());
  if (got != want) {
    fprintf(stderr, "%s:%d: %s returned %s, want %s (%s)\n", __FILE__, line, call,
            coderules_status_name(got), coderules_status_name(want), message);
    ++failures;
  } else if (message[0] == '\0') {
    fprintf(stderr, "%s:%d: %s failed without a message\n", __FILE__, line, call);
    ++failures;
  }
}

/* A successful call must also clear the last error. */
static void ExpectOk(int32_t got, const char* call, int line) {
  char message[1024];
  snprintf(message, sizeof message, "%s", coderules_last_error_message());
  if (got != CODERULES_OK) {
    fprintf(stderr, "%s:%d: %s returned %s: %s\n", __FILE__, line, call, coderules_status_name(got),
            message);
    ++failures;
  } else if (message[0] != '\0') {
    fprintf(stderr, "%s:%d: %s succeeded but left the last error set\n", __FILE__, line, call);
    ++failures;
  }
}

#define EXPECT_FAILS_WITH(call, status) ExpectFails((call), (status), #call, __LINE__)
#define EXPECT_OK(call) ExpectOk((call), #call, __LINE__)

static const char kPtpClaim[] =
    "{\"id\":\"ptp\",\"type\":\"PROFESSIONAL\",\"lines\":["
    "{\"number\":1,\"code\":\"92133\",\"units\":1,\"dateOfService\":\"2025-03-03\"},"
    "{\"number\":2,\"code\":\"92134\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
static const char kCleanClaim[] =
    "{\"id\":\"clean\",\"type\":\"PROFESSIONAL\",\"lines\":["
    "{\"number\":1,\"code\":\"99213\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
static const char kLoneColumn2Claim[] =
    "{\"id\":\"h\",\"type\":\"PROFESSIONAL\",\"lines\":["
    "{\"number\":1,\"code\":\"92134\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
static const char kColumn1History[] =
    "{\"lines\":[{\"number\":7,\"code\":\"92133\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";

static int Contains(const uint8_t* data, size_t size, const char* needle) {
  const size_t n = strlen(needle);
  size_t i;
  if (n > size) return 0;
  for (i = 0; i + n <= size; ++i) {
    if (memcmp(data + i, needle, n) == 0) return 1;
  }
  return 0;
}

static int BufferContains(const coderules_buffer* buffer, const char* needle) {
  return buffer->data != NULL && Contains(buffer->data, buffer->size, needle);
}

static const uint8_t* Bytes(const char* text) { return (const uint8_t*)text; }

/* Reads a whole file; the caller frees. */
static uint8_t* ReadFile(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  uint8_t* data = NULL;
  size_t cap = 0;
  *size = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t n;
    if (*size == cap) {
      uint8_t* grown;
      cap = cap == 0 ? 65536 : cap * 2;
      grown = (uint8_t*)realloc(data, cap);
      if (grown == NULL) break;
      data = grown;
    }
    n = fread(data + *size, 1, cap - *size, f);
    if (n == 0) break;
    *size += n;
  }
  fclose(f);
  return data;
}

/* --- a hand-encoded binary coderules.v1.Claim ------------------------------------------------- */

typedef struct {
  uint8_t data[512];
  size_t size;
} Bytes512;

static void PutVarint(Bytes512* b, uint64_t v) {
  while (v >= 0x80) {
    b->data[b->size++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  b->data[b->size++] = (uint8_t)v;
}

static void PutLengthDelimited(Bytes512* b, int field, const uint8_t* data, size_t size) {
  PutVarint(b, ((uint64_t)field << 3) | 2);
  PutVarint(b, size);
  memcpy(b->data + b->size, data, size);
  b->size += size;
}

static void PutString(Bytes512* b, int field, const char* s) {
  PutLengthDelimited(b, field, Bytes(s), strlen(s));
}

/* A ServiceLine: number (1), code (2), units (4, double), date_of_service (5). */
static void PutLine(Bytes512* claim, int number, const char* code, const char* date) {
  Bytes512 line = {{0}, 0};
  const double units = 1.0;
  uint64_t bits;
  int i;
  PutVarint(&line, (1 << 3) | 0);
  PutVarint(&line, (uint64_t)number);
  PutString(&line, 2, code);
  PutVarint(&line, (4 << 3) | 1);
  memcpy(&bits, &units, sizeof bits);
  for (i = 0; i < 8; ++i) line.data[line.size++] = (uint8_t)(bits >> (8 * i));
  PutString(&line, 5, date);
  PutLengthDelimited(claim, 9, line.data, line.size);
}

/* The PTP claim of kPtpClaim: id (1), type (2) = PROFESSIONAL, lines (9). */
static Bytes512 BinaryPtpClaim(void) {
  Bytes512 claim = {{0}, 0};
  PutString(&claim, 1, "bin");
  PutVarint(&claim, (2 << 3) | 0);
  PutVarint(&claim, 1);
  PutLine(&claim, 1, "92133", "2025-03-03");
  PutLine(&claim, 2, "92134", "2025-03-03");
  return claim;
}

/* --- tests ------------------------------------------------------------------------------------ */

static void TestVersion(void) {
  EXPECT(coderules_version_number() == CODERULES_VERSION_NUMBER);
  EXPECT(strcmp(coderules_version_string(), CODERULES_VERSION_STRING) == 0);
  EXPECT(coderules_abi_version() == CODERULES_ABI_VERSION);
  EXPECT(CODERULES_VERSION_NUMBER ==
         CODERULES_VERSION_MAJOR * 10000 + CODERULES_VERSION_MINOR * 100 + CODERULES_VERSION_PATCH);
}

static void TestStatusNames(void) {
  EXPECT(strcmp(coderules_status_name(CODERULES_OK), "OK") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_CANCELLED), "CANCELLED") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_INVALID_ARGUMENT), "INVALID_ARGUMENT") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_NOT_FOUND), "NOT_FOUND") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_OUT_OF_RANGE), "OUT_OF_RANGE") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_INTERNAL), "INTERNAL") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_DATA_LOSS), "DATA_LOSS") == 0);
  EXPECT(strcmp(coderules_status_name(CODERULES_UNAUTHENTICATED), "UNAUTHENTICATED") == 0);
  EXPECT(strcmp(coderules_status_name(17), "UNRECOGNIZED") == 0);
  EXPECT(strcmp(coderules_status_name(-1), "UNRECOGNIZED") == 0);
  EXPECT(strcmp(coderules_status_name(INT32_MAX), "UNRECOGNIZED") == 0);
  EXPECT(strcmp(coderules_status_name(INT32_MIN), "UNRECOGNIZED") == 0);
}

static void TestOptions(void) {
  static const int32_t kKeys[] = {CODERULES_OPT_MAX_LINES, CODERULES_OPT_MAX_HISTORY_LINES,
                                  CODERULES_OPT_MAX_INPUT_BYTES};
  coderules_options* options = NULL;
  int64_t min = 0, max = 0;
  size_t i;

  EXPECT(coderules_last_error_message() != NULL);
  EXPECT_FAILS_WITH(coderules_options_create(NULL), CODERULES_INVALID_ARGUMENT);
  EXPECT_OK(coderules_options_create(&options));
  EXPECT(options != NULL);

  for (i = 0; i < sizeof kKeys / sizeof kKeys[0]; ++i) {
    EXPECT_OK(coderules_options_bounds(kKeys[i], &min, &max));
    EXPECT(min <= max);
    EXPECT_OK(coderules_options_set_int(options, kKeys[i], min));
    EXPECT_OK(coderules_options_set_int(options, kKeys[i], max));
    EXPECT_FAILS_WITH(coderules_options_set_int(options, kKeys[i], min - 1),
                      CODERULES_OUT_OF_RANGE);
    EXPECT_FAILS_WITH(coderules_options_set_int(options, kKeys[i], max + 1),
                      CODERULES_OUT_OF_RANGE);
    EXPECT_FAILS_WITH(coderules_options_set_int(options, kKeys[i], INT64_MIN),
                      CODERULES_OUT_OF_RANGE);
    EXPECT_FAILS_WITH(coderules_options_set_int(options, kKeys[i], INT64_MAX),
                      CODERULES_OUT_OF_RANGE);
  }
  /* The documented defaults lie within the bounds. */
  EXPECT_OK(coderules_options_bounds(CODERULES_OPT_MAX_LINES, &min, &max));
  EXPECT(min == 1 && min <= 999 && 999 <= max);
  EXPECT_OK(coderules_options_bounds(CODERULES_OPT_MAX_HISTORY_LINES, &min, &max));
  EXPECT(min <= 10000 && 10000 <= max);
  EXPECT_OK(coderules_options_bounds(CODERULES_OPT_MAX_INPUT_BYTES, &min, &max));
  EXPECT(min >= 1 && min <= (8 << 20) && (8 << 20) <= max);

  EXPECT_FAILS_WITH(coderules_options_bounds(0, &min, &max), CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_bounds(4, &min, &max), CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_bounds(CODERULES_OPT_MAX_LINES, NULL, &max),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_bounds(CODERULES_OPT_MAX_LINES, &min, NULL),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_set_int(options, 0, 1), CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_set_int(options, -7, 1), CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_options_set_int(NULL, CODERULES_OPT_MAX_LINES, 1),
                    CODERULES_INVALID_ARGUMENT);

  coderules_options_destroy(options);
  coderules_options_destroy(NULL);
}

static char not_null;
#define NOT_NULL ((coderules_engine*)&not_null)

static void TestCreateErrors(const uint8_t* pack, size_t pack_size) {
  static const char kMissing[] = "/nonexistent/coderules/no.pack";
  static const char kNulPath[] = "sample\0.pack";
  /* Starts non-NULL, so that the tests see the library reset it on failure. */
  coderules_engine* engine = NOT_NULL;

  EXPECT_FAILS_WITH(coderules_engine_create_from_file(NULL, kMissing, strlen(kMissing), NULL),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_engine_create_from_file(&engine, NULL, 3, NULL),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_engine_create_from_file(&engine, kNulPath, sizeof kNulPath - 1, NULL),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(engine == NULL);

  engine = NOT_NULL;
  EXPECT_FAILS_WITH(coderules_engine_create_from_file(&engine, kMissing, strlen(kMissing), NULL),
                    CODERULES_NOT_FOUND);
  EXPECT(engine == NULL);

  /* A later successful call clears the message. */
  {
    coderules_options* options = NULL;
    EXPECT_OK(coderules_options_create(&options));
    EXPECT(strcmp(coderules_last_error_message(), "") == 0);
    coderules_options_destroy(options);
  }

  EXPECT_FAILS_WITH(coderules_engine_create_from_bytes(NULL, pack, pack_size, NULL),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_engine_create_from_bytes(&engine, NULL, 5, NULL),
                    CODERULES_INVALID_ARGUMENT);

  engine = NOT_NULL;
  {
    const int32_t status = coderules_engine_create_from_bytes(&engine, Bytes("hello"), 5, NULL);
    EXPECT(status != CODERULES_OK);
    EXPECT(coderules_last_error_message()[0] != '\0');
    EXPECT(engine == NULL);
    if (status == CODERULES_OK) coderules_engine_destroy(engine);
  }
  engine = NOT_NULL;
  {
    /* No bytes at all is not a pack either. */
    const int32_t status = coderules_engine_create_from_bytes(&engine, NULL, 0, NULL);
    EXPECT(status != CODERULES_OK);
    EXPECT(coderules_last_error_message()[0] != '\0');
    EXPECT(engine == NULL);
    if (status == CODERULES_OK) coderules_engine_destroy(engine);
  }
  engine = NOT_NULL;
  {
    /* A truncated pack. */
    const int32_t status = coderules_engine_create_from_bytes(&engine, pack, pack_size / 2, NULL);
    EXPECT(status != CODERULES_OK);
    EXPECT(coderules_last_error_message()[0] != '\0');
    EXPECT(engine == NULL);
    if (status == CODERULES_OK) coderules_engine_destroy(engine);
  }

  coderules_engine_destroy(NULL);
}

/* Checks `claim` (JSON) and returns the result; the caller frees it. */
static coderules_buffer CheckJson(const coderules_engine* engine, const char* claim,
                                  const char* history) {
  coderules_buffer out = {NULL, 0};
  EXPECT_OK(coderules_engine_check(engine, CODERULES_FORMAT_JSON, Bytes(claim), strlen(claim),
                                   history == NULL ? NULL : Bytes(history),
                                   history == NULL ? 0 : strlen(history), &out));
  EXPECT(out.data != NULL);
  if (out.data != NULL) {
    /* Text results are NUL-terminated at data[size]. */
    EXPECT(out.data[out.size] == '\0');
    EXPECT(strlen((const char*)out.data) == out.size);
  }
  return out;
}

static void TestCheckJson(const coderules_engine* engine) {
  coderules_buffer out = CheckJson(engine, kPtpClaim, NULL);
  EXPECT(BufferContains(&out, "\"claimId\":\"ptp\""));
  EXPECT(BufferContains(&out, "\"packVersion\":\"sample\""));
  EXPECT(BufferContains(&out, "\"edit\":\"NCCI_PTP\""));
  EXPECT(BufferContains(&out, "\"severity\":\"DENY_LINE\""));
  EXPECT(BufferContains(&out, "\"lines\":[2,1]"));
  EXPECT(BufferContains(&out, "\"codes\":[\"92134\",\"92133\"]"));
  EXPECT(!BufferContains(&out, "CLAIM_MALFORMED"));
  coderules_buffer_free(&out);
  EXPECT(out.data == NULL && out.size == 0);
  coderules_buffer_free(&out); /* freeing twice is harmless once zeroed */

  out = CheckJson(engine, kCleanClaim, NULL);
  EXPECT(!BufferContains(&out, "\"findings\""));
  EXPECT(BufferContains(&out, "\"claimId\":\"clean\""));
  coderules_buffer_free(&out);

  /* The partner line may come from an earlier claim; the finding acts on this claim's line. */
  out = CheckJson(engine, kLoneColumn2Claim, NULL);
  EXPECT(!BufferContains(&out, "NCCI_PTP"));
  coderules_buffer_free(&out);
  out = CheckJson(engine, kLoneColumn2Claim, kColumn1History);
  EXPECT(BufferContains(&out, "\"edit\":\"NCCI_PTP\""));
  EXPECT(BufferContains(&out, "\"lines\":[1]"));
  coderules_buffer_free(&out);
  /* An empty history is none. */
  out = CheckJson(engine, kLoneColumn2Claim, "");
  EXPECT(!BufferContains(&out, "NCCI_PTP"));
  coderules_buffer_free(&out);
}

static void TestMalformedInputIsData(const coderules_engine* engine) {
  static const char kSecret[] = "{\"id\":\"SECRET-123\",\"type\":\"PROFESSIONAL\",\"lines\":[oops";
  static const uint8_t kGarbage[] = {0xff, 0xff, 0xff, 0x07, 0x42};
  static const uint8_t kBadUtf8[] = {'{', '"', 'i', 'd', '"', ':', '"', 0xc3, 0x28, '"', '}'};
  coderules_buffer out = {NULL, 0};

  /* Not JSON: OK, with a finding that never quotes the input. */
  out = CheckJson(engine, kSecret, NULL);
  EXPECT(BufferContains(&out, "\"edit\":\"CLAIM_MALFORMED\""));
  EXPECT(BufferContains(&out, "\"severity\":\"REJECT_CLAIM\""));
  EXPECT(BufferContains(&out, "\"field\":\"claim\""));
  EXPECT(!BufferContains(&out, "SECRET"));
  EXPECT(!BufferContains(&out, "oops"));
  coderules_buffer_free(&out);

  out = CheckJson(engine, "", NULL);
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  coderules_buffer_free(&out);

  /* A history that does not parse. */
  out = CheckJson(engine, kPtpClaim, "[1,2,3]");
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  EXPECT(BufferContains(&out, "\"field\":\"history\""));
  EXPECT(!BufferContains(&out, "NCCI_PTP"));
  coderules_buffer_free(&out);

  EXPECT_OK(coderules_engine_check(engine, CODERULES_FORMAT_JSON, kBadUtf8, sizeof kBadUtf8, NULL,
                                   0, &out));
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  EXPECT(BufferContains(&out, "UTF-8"));
  coderules_buffer_free(&out);

  /* Binary: 0 bytes is an empty Claim (no type, no lines), which is malformed. */
  EXPECT_OK(coderules_engine_check(engine, CODERULES_FORMAT_BINARY, NULL, 0, NULL, 0, &out));
  EXPECT(out.data != NULL && out.size > 0);
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  coderules_buffer_free(&out);

  /* Binary garbage (a truncated varint) does not parse. */
  EXPECT_OK(coderules_engine_check(engine, CODERULES_FORMAT_BINARY, kGarbage, sizeof kGarbage, NULL,
                                   0, &out));
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  EXPECT(BufferContains(&out, "not a binary"));
  coderules_buffer_free(&out);
}

static void TestCheckBinary(const coderules_engine* engine) {
  const Bytes512 claim = BinaryPtpClaim();
  coderules_buffer out = {NULL, 0};
  EXPECT_OK(coderules_engine_check(engine, CODERULES_FORMAT_BINARY, claim.data, claim.size, NULL, 0,
                                   &out));
  /* Strings appear verbatim in protobuf binary. */
  EXPECT(BufferContains(&out, "NCCI_PTP"));
  EXPECT(BufferContains(&out, "sample"));
  EXPECT(!BufferContains(&out, "CLAIM_MALFORMED"));
  /* Binary is not JSON. */
  EXPECT(!BufferContains(&out, "\"edit\""));
  coderules_buffer_free(&out);

  /* The same bytes read as JSON are not a claim. */
  EXPECT_OK(
      coderules_engine_check(engine, CODERULES_FORMAT_JSON, claim.data, claim.size, NULL, 0, &out));
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  coderules_buffer_free(&out);
}

static void TestCheckErrors(const coderules_engine* engine) {
  const uint8_t* claim = Bytes(kPtpClaim);
  const size_t size = strlen(kPtpClaim);
  uint8_t sentinel = 0;
  coderules_buffer out;

#define RESET_OUT() (out.data = &sentinel, out.size = 42)
  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_check(NULL, CODERULES_FORMAT_JSON, claim, size, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT_FAILS_WITH(
      coderules_engine_check(engine, CODERULES_FORMAT_JSON, claim, size, NULL, 0, NULL),
      CODERULES_INVALID_ARGUMENT);
  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_check(engine, CODERULES_FORMAT_JSON, NULL, 4, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  RESET_OUT();
  EXPECT_FAILS_WITH(
      coderules_engine_check(engine, CODERULES_FORMAT_JSON, claim, size, NULL, 4, &out),
      CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);

  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_check(engine, 0, claim, size, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT_FAILS_WITH(coderules_engine_check(engine, 3, claim, size, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_engine_check(engine, -1, claim, size, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
#undef RESET_OUT

  /* A failed check leaves nothing to free, and the next good one clears the message. */
  coderules_buffer_free(&out);
  out = CheckJson(engine, kCleanClaim, NULL);
  EXPECT(strcmp(coderules_last_error_message(), "") == 0);
  coderules_buffer_free(&out);

  EXPECT(strcmp(coderules_engine_pack_version(NULL), "") == 0);
  EXPECT(strcmp(coderules_engine_pack_version(engine), "sample") == 0);
}

/* Looks `code` up (JSON, no date) and returns the LookupResult; the caller frees it. */
static coderules_buffer LookupJson(const coderules_engine* engine, const char* code,
                                   const char* date) {
  coderules_buffer out = {NULL, 0};
  EXPECT_OK(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, code, strlen(code), date,
                                    date == NULL ? 0 : strlen(date), &out));
  EXPECT(out.data != NULL);
  if (out.data != NULL) {
    EXPECT(out.data[out.size] == '\0');
    EXPECT(strlen((const char*)out.data) == out.size);
  }
  return out;
}

static void TestLookup(const coderules_engine* engine) {
  static const char kCode[] = "92133";
  uint8_t sentinel = 0;
  coderules_buffer out = LookupJson(engine, kCode, NULL);
  EXPECT(BufferContains(&out, "\"query\":\"92133\""));
  EXPECT(BufferContains(&out, "\"system\":\"CPT\""));
  EXPECT(BufferContains(&out, "\"known\":true"));
  EXPECT(BufferContains(&out,
                        "\"table\":\"practitioner\",\"asColumn1Indicator0\":1,"
                        "\"asColumn1Indicator1\":1"));
  EXPECT(!BufferContains(&out, "\"date\""));
  coderules_buffer_free(&out);

  /* On a date: CPT codes are never judged; modifiers in any case, dated from the catalogue. */
  out = LookupJson(engine, kCode, "2025-03-03");
  EXPECT(BufferContains(&out, "\"date\":\"2025-03-03\""));
  EXPECT(BufferContains(&out, "\"onDate\":\"CANNOT_TELL\""));
  coderules_buffer_free(&out);
  out = LookupJson(engine, "xe", "2015-01-01");
  EXPECT(BufferContains(&out, "\"system\":\"MODIFIER\",\"code\":\"XE\""));
  EXPECT(BufferContains(&out, "\"onDate\":\"BILLABLE\""));
  coderules_buffer_free(&out);
  /* The date is optional even with a non-NULL pointer: size 0 is none. */
  EXPECT_OK(
      coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, "99292", 5, "2025-03-03", 0, &out));
  EXPECT(BufferContains(&out, "\"addOnPrimaries\":[{\"addOn\":\"99292\",\"primary\":\"99291\""));
  EXPECT(!BufferContains(&out, "onDate"));
  coderules_buffer_free(&out);
  /* A code the pack does not know is an answer, not an error. */
  out = LookupJson(engine, "99999", NULL);
  EXPECT(BufferContains(&out, "\"code\":\"99999\""));
  EXPECT(!BufferContains(&out, "\"known\""));
  coderules_buffer_free(&out);

  /* Binary: the code's text appears verbatim, and no JSON. */
  EXPECT_OK(coderules_engine_lookup(engine, CODERULES_FORMAT_BINARY, kCode, strlen(kCode), NULL, 0,
                                    &out));
  EXPECT(out.data != NULL && out.size > 0);
  EXPECT(BufferContains(&out, "92133"));
  EXPECT(BufferContains(&out, "practitioner"));
  EXPECT(!BufferContains(&out, "\"system\""));
  coderules_buffer_free(&out);

#define RESET_OUT() (out.data = &sentinel, out.size = 42)
  RESET_OUT();
  EXPECT_FAILS_WITH(
      coderules_engine_lookup(NULL, CODERULES_FORMAT_JSON, kCode, strlen(kCode), NULL, 0, &out),
      CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT_FAILS_WITH(
      coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, kCode, strlen(kCode), NULL, 0, NULL),
      CODERULES_INVALID_ARGUMENT);
  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, NULL, 5, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  RESET_OUT();
  EXPECT_FAILS_WITH(
      coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, kCode, strlen(kCode), NULL, 10, &out),
      CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, 0, kCode, strlen(kCode), NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, 3, kCode, strlen(kCode), NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  /* Text of no code's shape, and no text at all. */
  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, "12", 1, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT(strstr(coderules_last_error_message(), "not the shape") != NULL);
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, NULL, 0, NULL, 0, &out),
                    CODERULES_INVALID_ARGUMENT);
  /* Dates that are not dates. */
  RESET_OUT();
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, kCode, strlen(kCode),
                                            "2025-02-30", 10, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT(strstr(coderules_last_error_message(), "YYYY-MM-DD") != NULL);
  EXPECT_FAILS_WITH(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, kCode, strlen(kCode),
                                            "2025-03-03x", 11, &out),
                    CODERULES_INVALID_ARGUMENT);
  /* Only `date_size` bytes are read: no NUL terminator is needed. */
  EXPECT_OK(coderules_engine_lookup(engine, CODERULES_FORMAT_JSON, "XEXE", 2, "2015-01-01junk", 10,
                                    &out));
  EXPECT(BufferContains(&out, "\"onDate\":\"BILLABLE\""));
  coderules_buffer_free(&out);
#undef RESET_OUT
}

static void TestPackInfo(const coderules_engine* engine) {
  uint8_t sentinel = 0;
  coderules_buffer out = {NULL, 0};
  EXPECT_OK(coderules_engine_pack_info(engine, CODERULES_FORMAT_JSON, &out));
  EXPECT(out.data != NULL && out.data[out.size] == '\0');
  EXPECT(BufferContains(&out, "{\"version\":\"sample\","));
  EXPECT(BufferContains(&out,
                        "\"name\":\"rules/sample\",\"version\":\"sample-1\","
                        "\"kind\":\"rules\",\"rowsRead\":\"17\",\"rowsAccepted\":\"17\"}"));
  EXPECT(BufferContains(&out, "{\"table\":\"ptp_practitioner\",\"rows\":\"8\"}"));
  EXPECT(BufferContains(&out, "{\"table\":\"add_on\",\"rows\":\"3\"}"));
  coderules_buffer_free(&out);

  EXPECT_OK(coderules_engine_pack_info(engine, CODERULES_FORMAT_BINARY, &out));
  EXPECT(BufferContains(&out, "sample-1"));
  EXPECT(BufferContains(&out, "ptp_practitioner"));
  EXPECT(!BufferContains(&out, "\"version\""));
  coderules_buffer_free(&out);

  out.data = &sentinel;
  out.size = 42;
  EXPECT_FAILS_WITH(coderules_engine_pack_info(NULL, CODERULES_FORMAT_JSON, &out),
                    CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
  EXPECT_FAILS_WITH(coderules_engine_pack_info(engine, CODERULES_FORMAT_JSON, NULL),
                    CODERULES_INVALID_ARGUMENT);
  out.data = &sentinel;
  EXPECT_FAILS_WITH(coderules_engine_pack_info(engine, 7, &out), CODERULES_INVALID_ARGUMENT);
  EXPECT(out.data == NULL && out.size == 0);
}

static void TestLimits(const char* pack_path) {
  static const char kTwoLines[] =
      "{\"id\":\"two\",\"type\":\"PROFESSIONAL\",\"lines\":["
      "{\"number\":1,\"code\":\"99213\",\"units\":1,\"dateOfService\":\"2025-03-03\"},"
      "{\"number\":2,\"code\":\"99214\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";
  coderules_options* options = NULL;
  coderules_engine* engine = NULL;
  coderules_buffer out = {NULL, 0};

  EXPECT_OK(coderules_options_create(&options));
  EXPECT_OK(coderules_options_set_int(options, CODERULES_OPT_MAX_LINES, 1));
  EXPECT_OK(coderules_engine_create_from_file(&engine, pack_path, strlen(pack_path), options));
  /* The engine copied the options. */
  coderules_options_destroy(options);
  if (engine == NULL) return;

  out = CheckJson(engine, kTwoLines, NULL);
  EXPECT(BufferContains(&out, "\"edit\":\"CLAIM_MALFORMED\""));
  EXPECT(BufferContains(&out, "\"field\":\"lines\""));
  coderules_buffer_free(&out);
  out = CheckJson(engine, kCleanClaim, NULL);
  EXPECT(!BufferContains(&out, "CLAIM_MALFORMED"));
  coderules_buffer_free(&out);
  coderules_engine_destroy(engine);

  /* A claim larger than max_input_bytes is not parsed. */
  engine = NULL;
  EXPECT_OK(coderules_options_create(&options));
  EXPECT_OK(coderules_options_set_int(options, CODERULES_OPT_MAX_INPUT_BYTES, 16));
  EXPECT_OK(coderules_engine_create_from_file(&engine, pack_path, strlen(pack_path), options));
  coderules_options_destroy(options);
  if (engine == NULL) return;
  out = CheckJson(engine, kCleanClaim, NULL);
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  EXPECT(BufferContains(&out, "limit"));
  coderules_buffer_free(&out);
  coderules_engine_destroy(engine);

  /* A history with more lines than max_history_lines is rejected. */
  engine = NULL;
  EXPECT_OK(coderules_options_create(&options));
  EXPECT_OK(coderules_options_set_int(options, CODERULES_OPT_MAX_HISTORY_LINES, 0));
  EXPECT_OK(coderules_engine_create_from_file(&engine, pack_path, strlen(pack_path), options));
  coderules_options_destroy(options);
  if (engine == NULL) return;
  out = CheckJson(engine, kLoneColumn2Claim, kColumn1History);
  EXPECT(BufferContains(&out, "CLAIM_MALFORMED"));
  EXPECT(!BufferContains(&out, "NCCI_PTP"));
  coderules_buffer_free(&out);
  coderules_engine_destroy(engine);
}

static void TestBufferFree(void) {
  coderules_buffer zero = {NULL, 0};
  coderules_buffer_free(NULL);
  coderules_buffer_free(&zero);
  EXPECT(zero.data == NULL && zero.size == 0);
}

/* --- threads ---------------------------------------------------------------------------------- */

enum { kThreads = 4, kChecksPerThread = 1000 };

typedef struct {
  const coderules_engine* engine;
  const coderules_buffer* expected;
  int mismatches;
} Worker;

static void* CheckMany(void* arg) {
  Worker* w = (Worker*)arg;
  int i;
  for (i = 0; i < kChecksPerThread; ++i) {
    coderules_buffer out = {NULL, 0};
    const int32_t status = coderules_engine_check(
        w->engine, CODERULES_FORMAT_JSON, Bytes(kPtpClaim), strlen(kPtpClaim), NULL, 0, &out);
    if (status != CODERULES_OK || out.size != w->expected->size ||
        memcmp(out.data, w->expected->data, out.size) != 0 ||
        coderules_last_error_message()[0] != '\0') {
      ++w->mismatches;
    }
    coderules_buffer_free(&out);
  }
  return NULL;
}

static void TestThreads(const coderules_engine* engine) {
  coderules_buffer expected = CheckJson(engine, kPtpClaim, NULL);
  pthread_t threads[kThreads];
  Worker workers[kThreads];
  int i;
  for (i = 0; i < kThreads; ++i) {
    workers[i].engine = engine;
    workers[i].expected = &expected;
    workers[i].mismatches = 0;
    EXPECT(pthread_create(&threads[i], NULL, CheckMany, &workers[i]) == 0);
  }
  for (i = 0; i < kThreads; ++i) {
    EXPECT(pthread_join(threads[i], NULL) == 0);
    EXPECT(workers[i].mismatches == 0);
  }
  coderules_buffer_free(&expected);
}

/* The last error belongs to the thread that failed. */
static void* FailOnOtherThread(void* arg) {
  int* ok = (int*)arg;
  coderules_options* options = NULL;
  *ok = coderules_last_error_message()[0] == '\0';
  *ok = *ok && coderules_options_create(NULL) == CODERULES_INVALID_ARGUMENT;
  *ok = *ok && coderules_last_error_message()[0] != '\0';
  *ok = *ok && coderules_options_create(&options) == CODERULES_OK;
  coderules_options_destroy(options);
  return NULL;
}

static void TestLastErrorIsPerThread(void) {
  static const char kMissing[] = "/nonexistent/x.pack";
  coderules_engine* engine = NULL;
  pthread_t thread;
  int ok = 0;
  char before[1024];
  EXPECT_FAILS_WITH(coderules_engine_create_from_file(&engine, kMissing, strlen(kMissing), NULL),
                    CODERULES_NOT_FOUND);
  snprintf(before, sizeof before, "%s", coderules_last_error_message());
  EXPECT(pthread_create(&thread, NULL, FailOnOtherThread, &ok) == 0);
  EXPECT(pthread_join(thread, NULL) == 0);
  EXPECT(ok);
  EXPECT(strcmp(coderules_last_error_message(), before) == 0);
}

int main(void) {
  const char* pack_path = CODERULES_SAMPLE_PACK;
  size_t pack_size = 0;
  uint8_t* pack = ReadFile(pack_path, &pack_size);
  coderules_engine* from_file = NULL;
  coderules_engine* from_bytes = NULL;

  if (pack == NULL || pack_size == 0) {
    fprintf(stderr, "cannot read the sample pack %s\n", pack_path);
    return 1;
  }

  TestVersion();
  TestStatusNames();
  TestOptions();
  TestBufferFree();
  TestCreateErrors(pack, pack_size);
  TestLastErrorIsPerThread();

  EXPECT_OK(coderules_engine_create_from_file(&from_file, pack_path, strlen(pack_path), NULL));
  EXPECT_OK(coderules_engine_create_from_bytes(&from_bytes, pack, pack_size, NULL));
  /* The engine copied the bytes. */
  memset(pack, 0, pack_size);
  free(pack);
  if (from_file == NULL || from_bytes == NULL) {
    fprintf(stderr, "no engine: the remaining tests need one\n");
    coderules_engine_destroy(from_file);
    coderules_engine_destroy(from_bytes);
    return 1;
  }

  TestCheckJson(from_file);
  TestCheckJson(from_bytes);
  TestMalformedInputIsData(from_bytes);
  TestCheckBinary(from_file);
  TestCheckErrors(from_file);
  TestLookup(from_file);
  TestLookup(from_bytes);
  TestPackInfo(from_bytes);
  TestLimits(pack_path);
  TestThreads(from_bytes);

  coderules_engine_destroy(from_file);
  coderules_engine_destroy(from_bytes);

  if (failures != 0) {
    fprintf(stderr, "%d expectation(s) failed\n", failures);
    return 1;
  }
  printf("capi_test: all expectations passed\n");
  return 0;
}
