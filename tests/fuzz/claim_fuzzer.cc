// Claim bytes from a host: JSON (first byte even) or protobuf binary (odd), then the result back to
// the same format. Nothing may crash, and every result must serialize.
#include <cstdlib>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxFuzzInput) return 0;
  const auto format =
      data[0] % 2 == 0 ? coderules::WireFormat::kJson : coderules::WireFormat::kBinary;
  const absl::string_view claim(reinterpret_cast<const char*>(data) + 1, size - 1);
  const coderules::v1::CheckResult result = FuzzEngine().CheckWire(format, claim, claim);
  if (!coderules::SerializeWire(format, result).ok()) std::abort();
  return 0;
}
