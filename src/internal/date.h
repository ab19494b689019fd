#ifndef CODERULES_SRC_INTERNAL_DATE_H_
#define CODERULES_SRC_INTERNAL_DATE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace coderules::internal {

// A calendar day as days since 1970-01-01; windows are [effective, end).
using Day = int32_t;
// An open end: no deletion date.
inline constexpr Day kForever = std::numeric_limits<Day>::max();
// An open start.
inline constexpr Day kBeginning = std::numeric_limits<Day>::min();

// Days since 1970-01-01 of a proleptic Gregorian date; nullopt unless 1900 <= year <= 2399 and
// the month and day exist.
std::optional<Day> DayFromCivil(int year, int month, int day);

// Strict "YYYY-MM-DD" (claims, textproto rules).
std::optional<Day> ParseIsoDate(absl::string_view text);
// "YYYYMMDD" (NCCI PTP files).
std::optional<Day> ParseCompactDate(absl::string_view text);
// "YYYYDDD", year and day of year (the add-on code workbook).
std::optional<Day> ParseJulianDate(absl::string_view text);

// "YYYY-MM-DD"; "open" for kForever or kBeginning.
std::string FormatIsoDate(Day day);

inline bool InWindow(Day day, Day effective, Day end) { return effective <= day && day < end; }

}  // namespace coderules::internal

#endif  // CODERULES_SRC_INTERNAL_DATE_H_
