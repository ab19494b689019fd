// Pack bytes: loading must refuse what is not a valid pack, and checking with what loads must not
// crash.
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4 * kMaxFuzzInput) return 0;
  auto pack =
      coderules::RulePack::FromBytes(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!pack.ok()) return 0;
  auto engine = coderules::Engine::Create(*pack);
  if (!engine.ok()) return 0;
  (*engine)->CheckWire(
      coderules::WireFormat::kJson,
      R"({"type":"PROFESSIONAL","lines":[{"code":"11111","units":2,"dateOfService":"2022-01-01"},)"
      R"({"code":"22222","units":2,"dateOfService":"2022-01-01"},)"
      R"({"code":"33333","units":1,"dateOfService":"2022-01-01"}]})",
      nullptr);
  return 0;
}
