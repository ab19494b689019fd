#ifndef CODERULES_INCLUDE_CODERULES_DIFF_H_
#define CODERULES_INCLUDE_CODERULES_DIFF_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coderules/rule_pack.h"
#include "coderules/v1/codes.pb.h"

namespace coderules {

// What changed from `old_pack` to `new_pack` (say, last quarter's and this quarter's), table by
// table: NCCI PTP pairs per table (practitioner, outpatient hospital), MUE codes per table, add-on
// (add-on, primary) pairs, and the codes of the code sets (HCPCS Level II, ICD-10-CM billable
// codes, ICD-10-PCS, modifiers, places of service). The packs' tables are compared, not their
// files: one merge over the sorted codes and rows of both, linear in their size.
//
// Each key (a PTP pair, an MUE code, an add-on pair, a code) may have several rows, one per
// window. In each pack the diff picks the row it compares and decides whether the key is in force:
//  - with no date, the newest row (the latest effective date). It is in force when it has no end
//    (no deletion date; for a code, a window running to the end of the period over which the
//    pack lists the whole code set, past which a snapshot cannot know of an end); a PTP row with
//    modifier indicator 9 is never in force.
//  - with `date`, the row the engine applies that day (overlapping PTP windows: the stricter
//    indicator; MUE: the smaller value); when none applies, the newest row, for its dates. It is
//    in force when it applies that day.
// Then the key is
//  - ADDED: in force in the new pack and not in the old (`before` shows an older row if any);
//  - DELETED: in force in the old pack, and the new one ends it: `after` carries the deletion or
//    end date (a PTP deletion date equal to the effective date is a retroactive deletion);
//  - REMOVED: in force in the old pack, and the new one has no row for it;
//  - CHANGED (tables only): in force in both, with another modifier indicator or rationale (PTP),
//    value, MAI or rationale (MUE), or type (add-on);
//  - REVISED (tables only): the compared rows differ only in their dates; without a date, also
//    any other difference between the key's rows, such as an older window's, or rows of a key in
//    force in neither pack (an edit already deleted, or arriving deleted).
// Codes are reported only as ADDED, DELETED or REMOVED. With a date, a code set that a pack
// lists whole over some period, but not on that day, is left out and named in `not_compared`:
// the pack cannot tell which codes are valid then.
//
// `date` is "YYYY-MM-DD" or empty. InvalidArgument when it is not a date.
absl::StatusOr<v1::PackDiff> DiffPacks(const RulePack& old_pack, const RulePack& new_pack,
                                       absl::string_view date);

// The diff as a report for a person: counts per table and kind of change, then the lists, each
// cut to its first `limit` entries when `limit` > 0.
std::string FormatDiff(const v1::PackDiff& diff, int limit);

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_DIFF_H_
