#include "coderules/code.h"

#include <array>
#include <bitset>
#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace coderules {
namespace {

// Base-36 digit of an ASCII letter or digit, any case; -1 for anything else.
int Digit36(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return -1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::bitset<kModifierKeyCount> MakeNcciModifiers() {
  std::bitset<kModifierKeyCount> set;
  for (absl::string_view m :
       {"59", "XE", "XS", "XP", "XU", "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5",
        "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT",
        "RT", "LC", "LD", "RC", "LM", "RI", "24", "25", "57", "58", "78", "79", "27", "91"}) {
    set.set(*PackModifier(m));
  }
  return set;
}

}  // namespace

std::optional<ProcedureKey> PackProcedureCode(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  if (code.size() != 5) return std::nullopt;
  int digits = 0;
  for (char c : code) digits += IsDigit(c);
  const bool shape_ok = digits == 5 ||
                        (digits == 4 && IsLetter(code[4])) ||  // 0001F, 0042T, 0001U, 0001A
                        (digits == 4 && IsLetter(code[0]));    // G0008
  if (!shape_ok) return std::nullopt;
  ProcedureKey key = 0;
  for (char c : code) key = key * 36 + static_cast<ProcedureKey>(Digit36(c));
  return key;
}

std::string ProcedureCodeText(ProcedureKey key) {
  static constexpr char kChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string text(5, '0');
  for (int i = 4; i >= 0; --i) {
    text[i] = kChars[key % 36];
    key /= 36;
  }
  return text;
}

std::optional<ModifierKey> PackModifier(absl::string_view modifier) {
  modifier = absl::StripAsciiWhitespace(modifier);
  if (modifier.size() != 2) return std::nullopt;
  const int a = Digit36(modifier[0]), b = Digit36(modifier[1]);
  if (a < 0 || b < 0) return std::nullopt;
  return static_cast<ModifierKey>(a * 36 + b);
}

bool IsNcciPtpModifier(ModifierKey modifier) {
  static const std::bitset<kModifierKeyCount> kSet = MakeNcciModifiers();
  return modifier < kModifierKeyCount && kSet.test(modifier);
}

}  // namespace coderules
