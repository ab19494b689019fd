#ifndef CODERULES_INCLUDE_CODERULES_CODE_H_
#define CODERULES_INCLUDE_CODERULES_CODE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace coderules {

// A CPT or HCPCS Level II code packed into 32 bits (five base-36 characters), so that rule tables
// are arrays of integers rather than strings.
using ProcedureKey = uint32_t;

// A two-character modifier packed as its base-36 index (0..1295).
using ModifierKey = uint16_t;
inline constexpr int kModifierKeyCount = 36 * 36;

// Normalises a procedure code (surrounding spaces dropped, upper case) and packs it. Accepted
// shapes: five digits (CPT), four digits and a letter (CPT category II/III, PLA, vaccine codes),
// a letter and four digits (HCPCS Level II). Returns nullopt for anything else.
std::optional<ProcedureKey> PackProcedureCode(absl::string_view code);

// The normalised five-character text of a packed code.
std::string ProcedureCodeText(ProcedureKey key);

// Normalises and packs a modifier: two letters or digits, any case.
std::optional<ModifierKey> PackModifier(absl::string_view modifier);

// The text of a packed modifier, e.g. "XS".
std::string ModifierText(ModifierKey modifier);

// An ICD-10-CM or ICD-10-PCS code packed into 64 bits: seven base-37 positions, left-aligned, a
// blank position 0. Packed keys sort as the codes do, and every code beginning with a prefix lies
// in [prefix, IcdPrefixLast(prefix)].
using IcdKey = uint64_t;

// Normalises (surrounding spaces, the dot after the third character, case) and packs an ICD-10-CM
// code: a letter, then two to six letters or digits.
std::optional<IcdKey> PackIcd10Cm(absl::string_view code);
// Packs an ICD-10-PCS code: seven digits or letters other than I and O.
std::optional<IcdKey> PackIcd10Pcs(absl::string_view code);

// The code without a dot ("S72001A").
std::string IcdCodeText(IcdKey key);
// The ICD-10-CM form with its dot after the third character ("S72.001A").
std::string Icd10CmDisplay(IcdKey key);
// The number of characters.
int IcdCodeLength(IcdKey key);
// The last key that begins with `prefix`.
IcdKey IcdPrefixLast(IcdKey prefix);

// Whether the modifier is an NCCI-associated modifier that can bypass a procedure-to-procedure
// edit with modifier indicator 1: 59, XE, XS, XP, XU; the anatomic modifiers E1-E4, FA, F1-F9,
// TA, T1-T9, LT, RT, LC, LD, RC, LM, RI; the global-surgery modifiers 24, 25, 57, 58, 78, 79;
// 27 and 91 (NCCI Policy Manual, chapter I).
bool IsNcciPtpModifier(ModifierKey modifier);

}  // namespace coderules

#endif  // CODERULES_INCLUDE_CODERULES_CODE_H_
