// Published files and rule sets: the first byte picks the importer, the rest is the file. Imports
// may reject rows or the whole file; what they accept must build a pack that loads.
#include <cstdlib>

#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxFuzzInput) return 0;
  static constexpr coderules::SourceKind kKinds[] = {
      coderules::SourceKind::kRules,       coderules::SourceKind::kPtpPractitioner,
      coderules::SourceKind::kPtpFacility, coderules::SourceKind::kMuePractitioner,
      coderules::SourceKind::kMueFacility, coderules::SourceKind::kAddOn};
  const coderules::SourceKind kind = kKinds[data[0] % 6];
  coderules::PackBuilder builder("fuzz");
  auto report = builder.AddContents(
      kind, "fuzz.txt", absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (report.ok() && report->rows_read != report->rows_accepted + report->rows_rejected) {
    std::abort();
  }
  auto bytes = std::move(builder).Build();
  if (!bytes.ok()) return 0;
  if (!coderules::RulePack::FromBytes(*bytes).ok()) std::abort();
  return 0;
}
