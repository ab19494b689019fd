#ifndef CODERULES_SRC_PACK_PACK_FORMAT_H_
#define CODERULES_SRC_PACK_PACK_FORMAT_H_

// The layout of a compiled rule pack. All integers are little-endian.
//
//   FileHeader (64 bytes)
//   SectionEntry[section_count]
//   sections, each starting on an 8-byte boundary
//
// The checksum is CRC-32 of every byte after the header. Each rule table is four sections: the
// distinct keys in ascending order, the row offset of each key (plus one past the end), an
// open-addressing hash index over the keys (so that loading builds nothing), and the rows, which
// are grouped by key and sorted by effective date within a key.

#include <cstdint>
#include <utility>

#include "absl/types/span.h"
#include "src/internal/date.h"

namespace coderules::internal {

inline constexpr char kPackMagic[8] = {'C', 'O', 'D', 'E', 'R', 'U', 'L', 'E'};
// Bumped whenever the layout changes; a pack of another version is refused.
inline constexpr uint32_t kPackFormatVersion = 1;

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

// Table ids; a table's sections are id * 4 + part.
enum TableId : uint32_t {
  kPtpPractitioner = 1,
  kPtpFacility = 2,
  kMuePractitioner = 3,
  kMueFacility = 4,
  kAddOn = 5,
  kTableIdEnd = 6,
};
enum TablePart : uint32_t { kKeys = 0, kBegin = 1, kSlots = 2, kRows = 3 };
// The serialized coderules.v1.PackInfo.
inline constexpr uint32_t kInfoSection = 0;

inline constexpr uint32_t SectionId(TableId table, TablePart part) { return table * 4 + part; }

inline constexpr uint8_t kNoIndicator = 0xFF;

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

// The code an add-on row names as primary when the contractor defines the primaries ("CCCCC").
inline constexpr uint32_t kContractorPrimary = 0xFFFFFFFFu;

struct AddOnRow {
  uint32_t primary;  // a ProcedureKey, or kContractorPrimary
  Day effective;     // kBeginning when blank
  Day end;           // the earliest of the add-on, primary and edit deletion dates
  uint16_t source;
  uint8_t type;  // 1, 2 or 3
  uint8_t pad;
};
static_assert(sizeof(AddOnRow) == 16);

// The hash that places a key in the open-addressing index; fixed, since packs store the index.
inline uint64_t MixKey(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// A loaded rule table; spans point into the pack's buffer.
template <typename Row>
struct Table {
  absl::Span<const uint64_t> keys;
  absl::Span<const uint32_t> begin;
  absl::Span<const uint32_t> slots;  // key position + 1; 0 = empty; size is a power of two
  absl::Span<const Row> rows;

  // The rows of `key`, in effective-date order; empty when the key has none.
  absl::Span<const Row> Find(uint64_t key) const {
    if (slots.empty()) return {};
    const uint64_t mask = slots.size() - 1;
    uint64_t i = MixKey(key) & mask;
    // Loading checks that the index has an empty slot, so the probe ends.
    for (uint32_t slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
      if (keys[slot - 1] == key) {
        return rows.subspan(begin[slot - 1], begin[slot] - begin[slot - 1]);
      }
    }
    return {};
  }
};

struct PackTables {
  Table<PtpRow> ptp_practitioner;
  Table<PtpRow> ptp_facility;
  Table<MueRow> mue_practitioner;
  Table<MueRow> mue_facility;
  Table<AddOnRow> add_on;
};

inline uint64_t PtpPairKey(uint32_t column1, uint32_t column2) {
  return (static_cast<uint64_t>(column1) << 32) | column2;
}

}  // namespace coderules::internal

#endif  // CODERULES_SRC_PACK_PACK_FORMAT_H_
