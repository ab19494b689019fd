#ifndef CODERULES_INCLUDE_CODERULES_LOOKUP_H_
#define CODERULES_INCLUDE_CODERULES_LOOKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/rule_pack.h"
#include "coderules/v1/codes.pb.h"

namespace coderules {

// Everything `pack` knows about the code `text` (any case, with or without the ICD-10-CM dot):
// its system, title, validity windows, 7th characters, notes, MCE lists, fee-schedule indicators
// and the NCCI edits that name it. `date` ("YYYY-MM-DD") restricts the answer to what is in
// effect that day and says whether the code is valid then; empty means every period the pack
// holds. Text that may be a code of several systems ("E1161": HCPCS E1161 or ICD-10-CM E11.61)
// gets one match per system the pack knows it in, or, when it knows it in none, per system its
// shape fits. InvalidArgument when the text is no code's shape or the date is not a date.
absl::StatusOr<v1::LookupResult> LookupCode(const RulePack& pack, absl::string_view text,
                                            absl::string_view date);

// The result as text for a person.
std::string FormatLookup(const v1::LookupResult& result);

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_LOOKUP_H_
