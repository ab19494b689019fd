/*
 * The smallest C host: load a rule pack, check one claim, print the result.
 *
 *   check_claim PACK [CLAIM_JSON]
 *
 * Without CLAIM_JSON it checks a claim that bills 92133 and 92134 on one day, which NCCI bundles.
 */
#include <stdio.h>
#include <string.h>

#include "coderules.h"

static const char kClaim[] =
    "{\"id\":\"example\",\"type\":\"PROFESSIONAL\",\"lines\":["
    "{\"number\":1,\"code\":\"92133\",\"units\":1,\"dateOfService\":\"2025-03-03\"},"
    "{\"number\":2,\"code\":\"92134\",\"units\":1,\"dateOfService\":\"2025-03-03\"}]}";

int main(int argc, char** argv) {
  coderules_engine* engine = NULL;
  coderules_buffer result = {NULL, 0};
  const char* claim = argc > 2 ? argv[2] : kClaim;
  int32_t status;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s PACK [CLAIM_JSON]\n", argv[0]);
    return 2;
  }
  if (coderules_abi_version() != CODERULES_ABI_VERSION) {
    fprintf(stderr, "libcoderules has ABI %d, this program was built for %d\n",
            (int)coderules_abi_version(), CODERULES_ABI_VERSION);
    return 1;
  }

  status = coderules_engine_create_from_file(&engine, argv[1], strlen(argv[1]), NULL);
  if (status != CODERULES_OK) {
    /* Read the message at once: the next coderules_ call replaces it. */
    fprintf(stderr, "cannot load %s: %s: %s\n", argv[1], coderules_status_name(status),
            coderules_last_error_message());
    return 1;
  }

  /* A claim that breaks rules is still CODERULES_OK; the findings are in the result. */
  status = coderules_engine_check(engine, CODERULES_FORMAT_JSON, (const uint8_t*)claim,
                                  strlen(claim), NULL, 0, &result);
  if (status != CODERULES_OK) {
    fprintf(stderr, "check failed: %s: %s\n", coderules_status_name(status),
            coderules_last_error_message());
    coderules_engine_destroy(engine);
    return 1;
  }
  printf("%s\n", (const char*)result.data);

  coderules_buffer_free(&result);
  coderules_engine_destroy(engine);
  return 0;
}
