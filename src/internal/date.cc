#include "src/internal/date.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace coderules::internal {
namespace {

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int Number(absl::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<Day> DayFromCivil(int year, int month, int day) {
  if (year < 1900 || year > 2399 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  // Howard Hinnant's days_from_civil.
  const int y = month <= 2 ? year - 1 : year;
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<Day> ParseIsoDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const absl::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  return DayFromCivil(Number(y), Number(m), Number(d));
}

std::optional<Day> ParseCompactDate(absl::string_view text) {
  if (text.size() != 8 || !AllDigits(text)) return std::nullopt;
  return DayFromCivil(Number(text.substr(0, 4)), Number(text.substr(4, 2)),
                      Number(text.substr(6, 2)));
}

std::optional<Day> ParseJulianDate(absl::string_view text) {
  if (text.size() != 7 || !AllDigits(text)) return std::nullopt;
  const int year = Number(text.substr(0, 4));
  const int day_of_year = Number(text.substr(4, 3));
  if (day_of_year < 1 || day_of_year > (IsLeap(year) ? 366 : 365)) return std::nullopt;
  std::optional<Day> first = DayFromCivil(year, 1, 1);
  if (!first) return std::nullopt;
  return *first + day_of_year - 1;
}

std::string FormatIsoDate(Day day) {
  if (day == kForever || day == kBeginning) return "open";
  // Howard Hinnant's civil_from_days.
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return absl::StrFormat("%04d-%02d-%02d", y, m, d);
}

}  // namespace coderules::internal
