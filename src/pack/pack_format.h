#ifndef CODERULES_SRC_PACK_PACK_FORMAT_H_
#define CODERULES_SRC_PACK_PACK_FORMAT_H_

// The layout of a compiled rule pack. All integers are little-endian.
//
//   FileHeader (64 bytes)
//   SectionEntry[section_count]
//   sections, each starting on an 8-byte boundary
//
// The checksum is XXH3-64 of every byte after the header. Loading reads the file and checks it;
// nothing is parsed row by row or rebuilt.
//
// Codes live in directories, one per code system: the codes in ascending order, an open-addressing
// hash index over them, and one entry per code holding the ranges of that code's rows in each row
// table. A claim line costs one probe into the procedure directory, whatever the tables. PTP rows
// belong to their column-2 code, with the column-1 code of each row beside it (ascending within a
// code), so a line's partners are one short, contiguous list; a blocked Bloom filter over
// (column 2, column 1), small enough to stay in cache, spares the search for nearly every pair of
// codes without an edit. Within a code (and column-1 code), rows follow their effective dates.

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/internal/date.h"
#include "src/pack/staged.h"

namespace coderules::internal {

inline constexpr char kPackMagic[8] = {'C', 'O', 'D', 'E', 'R', 'U', 'L', 'E'};
// Bumped whenever the layout changes; a pack of another version is refused.
inline constexpr uint32_t kPackFormatVersion = 4;

struct FileHeader {
  char magic[8];
  uint32_t format_version;
  uint32_t section_count;
  uint64_t file_size;
  uint64_t checksum;
  uint8_t reserved[32];
};
static_assert(sizeof(FileHeader) == 64);

struct SectionEntry {
  uint32_t id;
  uint32_t element_size;
  uint64_t offset;
  uint64_t count;
};
static_assert(sizeof(SectionEntry) == 24);

enum SectionId : uint32_t {
  kInfoSection = 0,  // the serialized coderules.v1.PackInfo
  kTextOffsets = 1,  // uint32 per text, plus one past the end
  kTextBytes = 2,
  kCoverageRows = 3,
  // Directories: keys, hash index, entries.
  kProcedureKeys = 10,
  kProcedureSlots = 11,
  kProcedureEntries = 12,
  kIcd10CmKeys = 13,
  kIcd10CmSlots = 14,
  kIcd10CmEntries = 15,
  kIcd10PcsKeys = 16,
  kIcd10PcsSlots = 17,
  kIcd10PcsEntries = 18,
  kModifierKeys = 19,
  kModifierSlots = 20,
  kModifierEntries = 21,
  kPlaceOfServiceKeys = 22,
  kPlaceOfServiceSlots = 23,
  kPlaceOfServiceEntries = 24,
  // Row tables.
  kPtpPractitionerRows = 30,
  kPtpPractitionerColumn1 = 31,
  kPtpPractitionerFilter = 32,
  kPtpFacilityRows = 33,
  kPtpFacilityColumn1 = 34,
  kPtpFacilityFilter = 35,
  kMuePractitionerRows = 36,
  kMueFacilityRows = 37,
  kAddOnRows = 38,
  kAddOnPrimary = 39,
  kHcpcsRows = 40,
  kFeeScheduleRows = 41,
  kIcd10CmValidityRows = 42,
  kIcd10CmNameRows = 43,
  kIcd10CmSeventhRows = 44,
  kIcd10CmListRows = 45,
  kIcd10CmNoteRows = 46,
  kIcd10CmNoteRefs = 47,
  kIcd10PcsValidityRows = 48,
  kIcd10PcsListRows = 49,
  kModifierRows = 50,
  kPlaceOfServiceRows = 51,
};

// Rows [begin, begin + count) of a row table.
struct Range {
  uint32_t begin;
  uint32_t count;
  uint32_t end() const { return begin + count; }
  bool empty() const { return count == 0; }
};

struct ProcedureEntry {
  Range ptp[2];  // rows where the code is column 2: [0] practitioner, [1] outpatient hospital
  Range mue[2];
  Range add_on;  // rows where the code is the add-on code
  Range hcpcs;   // HCPCS Level II validity and titles
  Range fee_schedule;
};
static_assert(sizeof(ProcedureEntry) == 56);

struct IcdEntry {
  Range validity;
  Range names;
  Range seventh;  // 7th characters defined on this code (inherited by its descendants)
  Range lists;
};
static_assert(sizeof(IcdEntry) == 32);

// Modifiers and places of service: their rows.
struct RowsEntry {
  Range rows;
};

struct CoverageRow {
  Day effective;
  Day end;
  uint8_t system;  // CodeSystem
  uint8_t pad[3];
};
static_assert(sizeof(CoverageRow) == 12);

struct PtpRow {
  Day effective;
  Day deletion;  // kForever when none
  uint16_t rationale;
  uint16_t source;
  uint8_t indicator;  // 0, 1 or 9
  uint8_t pad[3];
};
static_assert(sizeof(PtpRow) == 16);

struct MueRow {
  Day effective;  // kBeginning when the source gives no window
  Day end;
  int32_t value;
  uint16_t rationale;
  uint16_t source;
  uint8_t mai;  // 1, 2 or 3
  uint8_t pad[3];
};
static_assert(sizeof(MueRow) == 20);

// The primary an add-on row names when the contractor defines the primaries ("CCCCC").
inline constexpr uint32_t kContractorPrimary = 0xFFFFFFFFu;

struct AddOnRow {
  Day effective;  // kBeginning when blank
  Day end;        // the earliest of the add-on, primary and edit deletion dates
  uint16_t source;
  uint8_t type;  // 1, 2 or 3
  uint8_t pad;
};
static_assert(sizeof(AddOnRow) == 12);

struct HcpcsRow {
  Day effective;
  Day end;
  uint32_t short_title;
  uint32_t long_title;
  char action;
  uint8_t pad[3];
};
static_assert(sizeof(HcpcsRow) == 20);

struct FeeScheduleRow {
  Day effective;
  Day end;
  uint16_t modifier;  // ModifierKey or kNoModifier
  char status;
  char global_days[3];
  uint8_t pc_tc;
  uint8_t multiple_procedure;
  uint8_t bilateral;
  uint8_t assistant;
  uint8_t co_surgeon;
  uint8_t team;
};
static_assert(sizeof(FeeScheduleRow) == 20);

struct ValidityRow {
  Day effective;
  Day end;
  uint8_t billable;  // 0: a header with codes under it
  uint8_t pad[3];
};
static_assert(sizeof(ValidityRow) == 12);

struct NameRow {
  Day effective;
  Day end;
  uint32_t short_title;
  uint32_t long_title;
};
static_assert(sizeof(NameRow) == 16);

struct SeventhRow {
  Day effective;
  Day end;
  uint32_t text;
  char character;
  uint8_t pad[3];
};
static_assert(sizeof(SeventhRow) == 16);

// A windowed text: list memberships (text = the list's name), modifiers, places of service.
struct TextRow {
  Day effective;
  Day end;
  uint32_t text;
};
static_assert(sizeof(TextRow) == 12);

struct CodeRangeRow {
  uint64_t first;
  uint64_t last;
};
static_assert(sizeof(CodeRangeRow) == 16);

struct NoteRow {
  CodeRangeRow scope;
  Day effective;
  Day end;
  uint32_t text;
  uint8_t kind;  // NoteKind
  uint8_t pad[3];
  Range refs;  // rows of the note-refs table
};
static_assert(sizeof(NoteRow) == 40);

// The hash that places a key in a directory's index; fixed, since packs store the index.
inline uint64_t MixKey(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// A loaded directory; spans point into the pack's buffer.
template <typename Entry>
struct Directory {
  absl::Span<const uint64_t> keys;   // ascending
  absl::Span<const uint32_t> slots;  // key position + 1; 0 = empty; size a power of two
  absl::Span<const Entry> entries;   // one per key

  const Entry* Find(uint64_t key) const {
    if (keys.empty()) return nullptr;
    const uint64_t mask = slots.size() - 1;
    uint64_t i = MixKey(key) & mask;
    // Loading checks that the index has an empty slot, so the probe ends.
    for (uint32_t slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
      if (keys[slot - 1] == key) return &entries[slot - 1];
    }
    return nullptr;
  }

  // Starts reading the index slot where a probe for `key` begins.
  void Prefetch(uint64_t key) const {
    if (!keys.empty()) __builtin_prefetch(&slots[MixKey(key) & (slots.size() - 1)]);
  }

  // Find for keys key_of(0) .. key_of(n - 1), each result handed to store(i, entry). Every probe
  // starts its memory reads, stage by stage, before any is waited on, so a claim's n lookups cost
  // about one chain of cache misses rather than n.
  template <typename KeyOf, typename Store>
  void FindEach(size_t n, KeyOf key_of, Store store) const {
    if (!keys.empty()) {
      const uint64_t mask = slots.size() - 1;
      for (size_t i = 0; i < n; ++i) Prefetch(key_of(i));
      for (size_t i = 0; i < n; ++i) {
        const uint32_t slot = slots[MixKey(key_of(i)) & mask];
        if (slot != 0) {
          __builtin_prefetch(&keys[slot - 1]);
          __builtin_prefetch(&entries[slot - 1]);
        }
      }
    }
    for (size_t i = 0; i < n; ++i) store(i, Find(key_of(i)));
  }
};

// Where a (key, subkey) lives in a blocked Bloom filter of `words` words (a power of two): one
// word, so a probe is one memory access, and two bits in it.
struct FilterSlot {
  uint64_t word;
  uint64_t bits;
};
inline FilterSlot FilterSlotOf(uint64_t key, uint32_t subkey, uint64_t words) {
  const uint64_t h = MixKey(key * 0x9e3779b97f4a7c15ULL ^ subkey);
  return {h & (words - 1), (uint64_t{1} << ((h >> 32) & 63)) | (uint64_t{1} << ((h >> 40) & 63))};
}

struct PtpTable {
  absl::Span<const PtpRow> rows;
  absl::Span<const uint32_t> column1;  // one per row, ascending within a column-2 code
  absl::Span<const uint64_t> filter;   // size a power of two

  // False when no row pairs these codes; true when one may.
  bool MayPair(uint32_t column2, uint32_t column1_code) const {
    const FilterSlot slot = FilterSlotOf(column2, column1_code, filter.size());
    return (filter[slot.word] & slot.bits) == slot.bits;
  }

  // The rows of `range` whose column-1 code is `code`.
  absl::Span<const PtpRow> RowsWith(Range range, uint32_t code) const {
    const uint32_t* first = column1.data() + range.begin;
    const auto [lo, hi] = std::equal_range(first, first + range.count, code);
    return rows.subspan(lo - column1.data(), hi - lo);
  }
};

template <typename Row>
absl::Span<const Row> RowsOf(absl::Span<const Row> rows, Range range) {
  return rows.subspan(range.begin, range.count);
}

struct PackTables {
  absl::Span<const uint32_t> text_offsets;
  absl::Span<const char> text_bytes;
  absl::Span<const CoverageRow> coverage;

  Directory<ProcedureEntry> procedures;
  Directory<IcdEntry> icd10cm;
  Directory<IcdEntry> icd10pcs;
  Directory<RowsEntry> modifiers;
  Directory<RowsEntry> places_of_service;

  PtpTable ptp[2];  // [0] practitioner, [1] outpatient hospital
  absl::Span<const MueRow> mue[2];
  absl::Span<const AddOnRow> add_on;
  absl::Span<const uint32_t> add_on_primary;  // one per add-on row
  absl::Span<const HcpcsRow> hcpcs;
  absl::Span<const FeeScheduleRow> fee_schedule;
  absl::Span<const ValidityRow> icd10cm_validity;
  absl::Span<const NameRow> icd10cm_names;
  absl::Span<const SeventhRow> icd10cm_seventh;
  absl::Span<const TextRow> icd10cm_lists;
  absl::Span<const NoteRow> icd10cm_notes;
  absl::Span<const CodeRangeRow> icd10cm_note_refs;
  absl::Span<const ValidityRow> icd10pcs_validity;
  absl::Span<const TextRow> icd10pcs_lists;
  absl::Span<const TextRow> modifier_rows;
  absl::Span<const TextRow> place_of_service_rows;

  // A text by index; empty for kNoText.
  absl::string_view Text(uint32_t index) const {
    if (index == kNoText) return {};
    return absl::string_view(text_bytes.data() + text_offsets[index],
                             text_offsets[index + 1] - text_offsets[index]);
  }

  // Whether the pack lists the whole of `system` on `day`.
  bool Covers(CodeSystem system, Day day) const {
    for (const CoverageRow& c : coverage) {
      if (c.system == static_cast<uint8_t>(system) && InWindow(day, c.effective, c.end)) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace coderules::internal

#endif  // CODERULES_SRC_PACK_PACK_FORMAT_H_
