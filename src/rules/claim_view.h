#ifndef CODERULES_SRC_RULES_CLAIM_VIEW_H_
#define CODERULES_SRC_RULES_CLAIM_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "coderules/code.h"
#include "coderules/engine.h"
#include "coderules/v1/claim.pb.h"
#include "coderules/v1/result.pb.h"
#include "src/internal/date.h"
#include "src/pack/pack_format.h"

namespace coderules::internal {

// A service line read once, in the form the checkers compare.
struct LineView {
  int32_t number = 0;          // the number findings use
  bool history = false;        // from History: a partner only, never acted on
  bool usable = false;         // well-formed code and date: takes part in the NCCI edits
  bool denied = false;         // a DENY_LINE finding acts on it
  bool ncci_modifier = false;  // carries a modifier that can bypass a PTP edit
  ProcedureKey code = 0;
  Day dos = 0;
  double units = 0;
  absl::string_view provider;  // rendering provider, trimmed; empty when not named
  absl::InlinedVector<ModifierKey, 4> modifiers;  // the well-formed ones
  const ProcedureEntry* entry = nullptr;          // the code's rows in the pack, if it has any
};

// A diagnosis read once.
struct DiagnosisView {
  std::optional<IcdKey> key;        // none when the text is not an ICD-10-CM code
  const IcdEntry* entry = nullptr;  // the code's rows in the pack, if it has any
};

struct ClaimView {
  const v1::Claim* claim = nullptr;
  v1::Claim::Type type = v1::Claim::TYPE_UNSPECIFIED;
  std::vector<LineView> lines;  // the claim's lines, then the history's
  size_t claim_lines = 0;       // how many of `lines` are the claim's
  absl::InlinedVector<DiagnosisView, 12> diagnoses;
};

// Lines belong to the same provider unless both name one and the names differ.
inline bool SameProvider(const LineView& a, const LineView& b) {
  return a.provider.empty() || b.provider.empty() || a.provider == b.provider;
}

// Partners of a claim line in a same-day edit: another usable line of the same date of service
// and provider.
inline bool SameDayPartner(const LineView& line, const LineView& other) {
  return &line != &other && other.usable && other.dos == line.dos && SameProvider(line, other);
}

// Reads and validates the claim and history into `view`. Adds CLAIM_MALFORMED findings (and
// returns false) when the claim cannot be checked, and CODE_INVALID / MODIFIER_INVALID findings
// for lines whose code or modifiers are not well formed.
bool BuildClaimView(const v1::Claim& claim, const v1::History* history,
                    const EngineOptions& options, const PackTables& tables, ClaimView* view,
                    v1::CheckResult* result);

v1::Finding* AddFinding(v1::CheckResult* result, absl::string_view edit,
                        v1::Finding::Severity severity);

// "line 3", or "an earlier claim" for a history line.
std::string DescribeLine(const LineView& line);

}  // namespace coderules::internal

#endif  // CODERULES_SRC_RULES_CLAIM_VIEW_H_
