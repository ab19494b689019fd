#ifndef CODERULES_SRC_EXPLORE_DISPLAY_H_
#define CODERULES_SRC_EXPLORE_DISPLAY_H_

// How the commands that show a pack's tables (lookup, diff) write windows and table names.

#include <string>

#include "absl/strings/str_cat.h"
#include "coderules/v1/codes.pb.h"
#include "src/internal/date.h"

namespace coderules::internal {

// A window as the protos carry it: empty dates for an open start or end.
inline v1::Window MakeWindow(Day effective, Day end) {
  v1::Window w;
  if (effective != kBeginning) w.set_effective(FormatIsoDate(effective));
  if (end != kForever) w.set_end(FormatIsoDate(end));
  return w;
}

template <typename Row>
v1::Window WindowOf(const Row& row) {
  return MakeWindow(row.effective, row.end);
}

// A window for a person, with its last day rather than the exclusive end: "2014-01-01 to
// 2017-12-31", "from 2018-01-01", "until 2017-12-31", "always".
inline std::string WindowText(const v1::Window& w) {
  if (w.effective().empty() && w.end().empty()) return "always";
  if (w.end().empty()) return absl::StrCat("from ", w.effective());
  const std::string last = FormatIsoDate(*ParseIsoDate(w.end()) - 1);
  if (w.effective().empty()) return absl::StrCat("until ", last);
  return absl::StrCat(w.effective(), " to ", last);
}

// The name of a PTP or MUE table: [0] practitioner, [1] outpatient hospital.
inline const char* TableName(int table) {
  return table == 0 ? "practitioner" : "outpatient_hospital";
}

}  // namespace coderules::internal

#endif  // CODERULES_SRC_EXPLORE_DISPLAY_H_
