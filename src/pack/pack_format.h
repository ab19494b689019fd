#ifndef CODERULES_SRC_PACK_PACK_FORMAT_H_
#define CODERULES_SRC_PACK_PACK_FORMAT_H_

// The layout of a compiled rule pack. All integers are little-endian.
//
//   FileHeader (64 bytes)
//   SectionEntry[section_count]
//   sections, each starting on an 8-byte boundary
//
// The checksum is XXH3-64 of every byte after the header. Each rule table is five sections: the
// distinct keys in ascending order, the row offset of each key (plus one past the end), an
// open-addressing hash index over the keys (so that loading builds nothing), the rows, grouped by
// key, a 32-bit subkey per row, ascending within a key, and a Bloom filter over (key, subkey). PTP
// tables are keyed by the column-2 code with the column-1 code as subkey: a claim line costs one
// hash probe, and its partners are binary searches in one short, contiguous list, which the filter
// (small enough to stay in cache) spares for nearly all pairs of codes that have no edit. Within a
// key and subkey, rows follow their effective dates.

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/types/span.h"
#include "src/internal/date.h"

namespace coderules::internal {

inline constexpr char kPackMagic[8] = {'C', 'O', 'D', 'E', 'R', 'U', 'L', 'E'};
// Bumped whenever the layout changes; a pack of another version is refused.
inline constexpr uint32_t kPackFormatVersion = 3;

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

// Table ids; a table's sections are id * 8 + part.
enum TableId : uint32_t {
  kPtpPractitioner = 1,
  kPtpFacility = 2,
  kMuePractitioner = 3,
  kMueFacility = 4,
  kAddOn = 5,
  kTableIdEnd = 6,
};
enum TablePart : uint32_t {
  kKeys = 0,
  kBegin = 1,
  kSlots = 2,
  kRows = 3,
  kSubkeys = 4,
  kFilter = 5,
};
// The serialized coderules.v1.PackInfo.
inline constexpr uint32_t kInfoSection = 0;

inline constexpr uint32_t SectionId(TableId table, TablePart part) { return table * 8 + part; }

// Keyed by the column-2 code; subkey: the column-1 code.
struct PtpRow {
  Day effective;
  Day deletion;  // kForever when none
  uint16_t rationale;
  uint16_t source;
  uint8_t indicator;  // 0, 1 or 9
  uint8_t pad[3];
};
static_assert(sizeof(PtpRow) == 16);

// Keyed by the code; subkey unused (0).
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

// Keyed by the add-on code; subkey: the primary code (a ProcedureKey, or kContractorPrimary).
struct AddOnRow {
  Day effective;  // kBeginning when blank
  Day end;        // the earliest of the add-on, primary and edit deletion dates
  uint16_t source;
  uint8_t type;  // 1, 2 or 3
  uint8_t pad;
};
static_assert(sizeof(AddOnRow) == 12);

// The hash that places a key in the open-addressing index; fixed, since packs store the index.
inline uint64_t MixKey(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// Rows [begin, end) of a table.
struct RowRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return begin == end; }
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

// A loaded rule table; spans point into the pack's buffer.
template <typename Row>
struct Table {
  absl::Span<const uint64_t> keys;
  absl::Span<const uint32_t> begin;
  absl::Span<const uint32_t> slots;  // key position + 1; 0 = empty; size is a power of two
  absl::Span<const Row> rows;
  absl::Span<const uint32_t> subkeys;  // one per row
  absl::Span<const uint64_t> filter;   // Bloom filter over (key, subkey); size a power of two

  // False when no row has this key and subkey; true when one may.
  bool MayContain(uint64_t key, uint32_t subkey) const {
    const FilterSlot slot = FilterSlotOf(key, subkey, filter.size());
    return (filter[slot.word] & slot.bits) == slot.bits;
  }

  // The rows of `key`; empty when the key has none.
  RowRange Find(uint64_t key) const {
    if (keys.empty()) return {};
    const uint64_t mask = slots.size() - 1;
    uint64_t i = MixKey(key) & mask;
    // Loading checks that the index has an empty slot, so the probe ends.
    for (uint32_t slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
      if (keys[slot - 1] == key) return {begin[slot - 1], begin[slot]};
    }
    return {};
  }

  // The rows of `range` whose subkey is `subkey`.
  RowRange Narrow(RowRange range, uint32_t subkey) const {
    const uint32_t* first = subkeys.data() + range.begin;
    const auto [lo, hi] = std::equal_range(first, subkeys.data() + range.end, subkey);
    return {static_cast<uint32_t>(lo - subkeys.data()), static_cast<uint32_t>(hi - subkeys.data())};
  }

  absl::Span<const Row> Rows(RowRange range) const {
    return rows.subspan(range.begin, range.end - range.begin);
  }
};

struct PackTables {
  Table<PtpRow> ptp_practitioner;
  Table<PtpRow> ptp_facility;
  Table<MueRow> mue_practitioner;
  Table<MueRow> mue_facility;
  Table<AddOnRow> add_on;
};

}  // namespace coderules::internal

#endif  // CODERULES_SRC_PACK_PACK_FORMAT_H_
