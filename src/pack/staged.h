#ifndef CODERULES_SRC_PACK_STAGED_H_
#define CODERULES_SRC_PACK_STAGED_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/internal/date.h"

namespace coderules::internal {

// Rows read from one source, before they join a pack. Rationale indices point into `rationales`;
// the builder renumbers them and assigns the source index when it merges.
struct StagedPtp {
  uint32_t column1;
  uint32_t column2;
  Day effective;
  Day deletion;
  uint32_t rationale;
  uint16_t source;
  uint8_t indicator;
};

struct StagedMue {
  uint32_t code;
  Day effective;
  Day end;
  int32_t value;
  uint32_t rationale;
  uint16_t source;
  uint8_t mai;
};

struct StagedAddOn {
  uint32_t add_on;
  uint32_t primary;  // ProcedureKey or kContractorPrimary
  Day effective;
  Day end;
  uint16_t source;
  uint8_t type;
};

// Code sets. Texts (titles, notes, descriptions) are indices into Staged::texts; kNoText when
// absent. Windows are [effective, end).
inline constexpr uint32_t kNoText = 0xFFFFFFFFu;

// The code systems a pack holds code sets for.
enum class CodeSystem : uint8_t {
  kIcd10Cm = 1,
  kIcd10Pcs = 2,
  kHcpcs = 3,  // HCPCS Level II
  kModifier = 4,
  kPlaceOfService = 5,
};

// The period over which a source lists the whole of a code system: inside it, a code the pack
// does not know is invalid; outside it, the pack cannot tell.
struct StagedCoverage {
  CodeSystem system;
  Day effective;
  Day end;
};

// When an ICD-10 code is valid: billable (valid on a claim) or a header (a category or
// subcategory that has codes under it).
struct StagedIcdValidity {
  uint64_t code;  // IcdKey
  Day effective;
  Day end;
  bool billable;
};

// A code's titles in one release.
struct StagedIcdName {
  uint64_t code;
  Day effective;
  Day end;
  uint32_t short_title;
  uint32_t long_title;
};

enum class NoteKind : uint8_t {
  kExcludes1 = 1,
  kExcludes2 = 2,
  kCodeFirst = 3,
  kUseAdditionalCode = 4,
  kCodeAlso = 5,
  kIncludes = 6,
  kInclusionTerm = 7,
  kNote = 8,
};

// Codes a note refers to: every code from `first` to `last` (IcdKeys, inclusive), so "I82.4Z-" is
// [I824Z, IcdPrefixLast(I824Z)] and "C00-C96" is [C00, IcdPrefixLast(C96)].
struct CodeRange {
  uint64_t first;
  uint64_t last;
};

// An instructional note of the tabular list. `scope` holds the codes it is written for: a code
// and its descendants, or a whole block or chapter ("A00-A09").
struct StagedIcdNote {
  CodeRange scope;
  Day effective;
  Day end;
  NoteKind kind;
  uint32_t text;
  std::vector<CodeRange> refs;  // the codes the text cites
};

// A 7th character a code and its descendants take (sevenChrDef).
struct StagedSeventh {
  uint64_t code;
  Day effective;
  Day end;
  char character;
  uint32_t text;
};

// A code's membership of an MCE list (age, sex, manifestation, ...), by list name.
struct StagedListMembership {
  uint64_t code;
  Day effective;
  Day end;
  uint32_t list;  // text: the list's name, e.g. "AGE_NEWBORN"
};

// A HCPCS Level II procedure code.
struct StagedHcpcs {
  uint32_t code;  // ProcedureKey
  Day effective;
  Day end;
  uint32_t short_title;
  uint32_t long_title;
  char action;  // the file's action code
};

// A modifier: HCPCS Level II ones from the HCPCS file, CPT ones from the shipped catalogue.
struct StagedModifier {
  uint16_t modifier;  // ModifierKey
  Day effective;
  Day end;
  uint32_t title;
};

inline constexpr uint16_t kNoModifier = 0xFFFF;

// A row of the physician fee schedule (MPFS RVU file) for one code and modifier.
struct StagedFeeSchedule {
  uint32_t code;      // ProcedureKey
  uint16_t modifier;  // ModifierKey, or kNoModifier
  Day effective;
  Day end;
  char status;          // status code (A, B, C, ...)
  char global_days[3];  // "000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"
  uint8_t pc_tc;        // PC/TC indicator 0-9
  uint8_t multiple_procedure;
  uint8_t bilateral;
  uint8_t assistant;
  uint8_t co_surgeon;
  uint8_t team;
};

// A place-of-service code (two digits) from the shipped catalogue.
struct StagedPlaceOfService {
  uint16_t code;  // 0-99
  Day effective;
  Day end;
  uint32_t name;
};

// The period a snapshot file speaks for (an ICD-10-CM order file or tabular list, a HCPCS or
// MPFS release): the file lists everything in effect over it, so its rows' windows end, at the
// latest, where it ends. When several releases of one kind are loaded, a later one supersedes an
// earlier one from its own start: the builder ends the earlier release's windows there. A release
// holds code-set rows only: coverage, ICD-10-CM validity, titles, notes and 7th characters, HCPCS
// codes, modifiers and fee-schedule rows.
struct StagedRelease {
  Day effective;
  Day end;
};

struct Staged {
  std::optional<StagedRelease> release;
  std::vector<std::string> texts;
  std::vector<StagedCoverage> coverage;
  std::vector<StagedIcdValidity> icd10cm_validity;
  std::vector<StagedIcdValidity> icd10pcs_validity;
  std::vector<StagedIcdName> icd10cm_names;
  std::vector<StagedIcdNote> icd10cm_notes;
  std::vector<StagedSeventh> icd10cm_seventh;
  std::vector<StagedListMembership> icd10cm_lists;
  std::vector<StagedListMembership> icd10pcs_lists;
  std::vector<StagedHcpcs> hcpcs;
  std::vector<StagedModifier> modifiers;
  std::vector<StagedFeeSchedule> fee_schedule;
  std::vector<StagedPlaceOfService> places_of_service;

  std::vector<std::string> rationales;
  std::vector<StagedPtp> ptp_practitioner;
  std::vector<StagedPtp> ptp_facility;
  std::vector<StagedMue> mue_practitioner;
  std::vector<StagedMue> mue_facility;
  std::vector<StagedAddOn> add_on;
};

}  // namespace coderules::internal

#endif  // CODERULES_SRC_PACK_STAGED_H_
