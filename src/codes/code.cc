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

std::string ModifierText(ModifierKey modifier) {
  static constexpr char kChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return {kChars[(modifier / 36) % 36], kChars[modifier % 36]};
}

namespace {

constexpr int kIcdPositions = 7;

// Base-37 digit of an ICD position: blank 0, digits 1-10, letters 11-36.
int Digit37(char c) {
  const int d = Digit36(c);
  return d < 0 ? -1 : d + 1;
}

std::optional<IcdKey> PackIcd(absl::string_view code) {
  IcdKey key = 0;
  for (int i = 0; i < kIcdPositions; ++i) {
    int d = 0;
    if (i < static_cast<int>(code.size())) {
      d = Digit37(code[i]);
      if (d < 0) return std::nullopt;
    }
    key = key * 37 + static_cast<IcdKey>(d);
  }
  return key;
}

}  // namespace

std::optional<IcdKey> PackIcd10Cm(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  std::string text;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '.' && i == 3) continue;
    text.push_back(code[i]);
  }
  // The second character is a digit in all but the newest categories (FY2026 added QA0).
  if (text.size() < 3 || text.size() > kIcdPositions || !IsLetter(text[0])) {
    return std::nullopt;
  }
  return PackIcd(text);
}

std::optional<IcdKey> PackIcd10Pcs(absl::string_view code) {
  code = absl::StripAsciiWhitespace(code);
  if (code.size() != kIcdPositions) return std::nullopt;
  for (char c : code) {
    if (c == 'I' || c == 'O' || c == 'i' || c == 'o') return std::nullopt;
  }
  return PackIcd(code);
}

std::string IcdCodeText(IcdKey key) {
  static constexpr char kChars[] = " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string text(kIcdPositions, ' ');
  for (int i = kIcdPositions - 1; i >= 0; --i) {
    text[i] = kChars[key % 37];
    key /= 37;
  }
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

std::string Icd10CmDisplay(IcdKey key) {
  std::string text = IcdCodeText(key);
  if (text.size() > 3) text.insert(3, ".");
  return text;
}

int IcdCodeLength(IcdKey key) {
  int length = kIcdPositions;
  while (length > 0 && key % 37 == 0) {
    key /= 37;
    --length;
  }
  return length;
}

IcdKey IcdPrefixLast(IcdKey prefix) {
  IcdKey tail = 1;
  for (int i = IcdCodeLength(prefix); i < kIcdPositions; ++i) tail *= 37;
  return prefix + tail - 1;
}

bool IsNcciPtpModifier(ModifierKey modifier) {
  static const std::bitset<kModifierKeyCount> kSet = MakeNcciModifiers();
  return modifier < kModifierKeyCount && kSet.test(modifier);
}

}  // namespace coderules
