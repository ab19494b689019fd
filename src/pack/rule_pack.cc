#include "coderules/rule_pack.h"

#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/internal/status_macros.h"
#include "src/pack/pack_format.h"

namespace coderules {

using internal::FileHeader;
using internal::SectionEntry;

namespace {

// Larger files are refused before they are read.
constexpr uint64_t kMaxPackBytes = uint64_t{4} << 30;
constexpr uint32_t kMaxSections = 256;

absl::Status Corrupt(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("corrupt rule pack: ", what));
}

// Section spans over the pack's buffer, checked against the directory.
class Sections {
 public:
  Sections(const char* base, absl::Span<const SectionEntry> directory)
      : base_(base), directory_(directory) {}

  template <typename T>
  absl::StatusOr<absl::Span<const T>> Get(uint32_t id) const {
    for (const SectionEntry& e : directory_) {
      if (e.id != id) continue;
      if (e.element_size != sizeof(T)) {
        return Corrupt(absl::StrCat("section ", id, " has elements of ", e.element_size,
                                    " bytes, expected ", sizeof(T)));
      }
      return absl::MakeConstSpan(reinterpret_cast<const T*>(base_ + e.offset), e.count);
    }
    return Corrupt(absl::StrCat("section ", id, " is missing"));
  }

 private:
  const char* base_;
  absl::Span<const SectionEntry> directory_;
};

template <typename Row, typename RowOk>
absl::Status LoadTable(const Sections& sections, internal::TableId id, RowOk row_ok,
                       internal::Table<Row>* table) {
  using internal::SectionId;
  CODERULES_ASSIGN_OR_RETURN(table->keys, sections.Get<uint64_t>(SectionId(id, internal::kKeys)));
  CODERULES_ASSIGN_OR_RETURN(table->begin, sections.Get<uint32_t>(SectionId(id, internal::kBegin)));
  CODERULES_ASSIGN_OR_RETURN(table->slots, sections.Get<uint32_t>(SectionId(id, internal::kSlots)));
  CODERULES_ASSIGN_OR_RETURN(table->rows, sections.Get<Row>(SectionId(id, internal::kRows)));
  CODERULES_ASSIGN_OR_RETURN(table->subkeys,
                             sections.Get<uint32_t>(SectionId(id, internal::kSubkeys)));
  CODERULES_ASSIGN_OR_RETURN(table->filter,
                             sections.Get<uint64_t>(SectionId(id, internal::kFilter)));
  if (table->filter.empty() || (table->filter.size() & (table->filter.size() - 1)) != 0) {
    return Corrupt(absl::StrCat("table ", id, ": bad filter size"));
  }
  const auto& keys = table->keys;
  const auto& begin = table->begin;
  const auto& slots = table->slots;
  const auto& subkeys = table->subkeys;
  const std::string name = absl::StrCat("table ", id);
  if (begin.size() != keys.size() + 1 || begin.front() != 0 || begin.back() != table->rows.size() ||
      subkeys.size() != table->rows.size()) {
    return Corrupt(absl::StrCat(name, ": row offsets do not match"));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (begin[i] >= begin[i + 1] || (i > 0 && keys[i - 1] >= keys[i])) {
      return Corrupt(absl::StrCat(name, ": keys or row offsets out of order"));
    }
    for (uint32_t r = begin[i] + 1; r < begin[i + 1]; ++r) {
      if (subkeys[r - 1] > subkeys[r]) return Corrupt(absl::StrCat(name, ": subkeys out of order"));
    }
  }
  // The index must be a power of two with at least one empty slot, so every probe ends.
  if (slots.empty() || (slots.size() & (slots.size() - 1)) != 0 || slots.size() <= keys.size()) {
    return Corrupt(absl::StrCat(name, ": bad index size"));
  }
  size_t used = 0;
  for (uint32_t slot : slots) {
    if (slot > keys.size()) return Corrupt(absl::StrCat(name, ": index points past the keys"));
    used += slot != 0;
  }
  if (used != keys.size()) return Corrupt(absl::StrCat(name, ": index does not cover the keys"));
  for (const Row& row : table->rows) {
    if (!row_ok(row)) return Corrupt(absl::StrCat(name, ": a row has an out-of-range field"));
  }
  return absl::OkStatus();
}

}  // namespace

RulePack::RulePack() : tables_(std::make_unique<internal::PackTables>()) {}
RulePack::~RulePack() = default;

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::Load(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not a rule pack"));
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the rule pack"));
  const std::streamoff size = in.tellg();
  if (size < 0) return absl::DataLossError(absl::StrCat(path, ": cannot read the rule pack"));
  if (static_cast<uint64_t>(size) > kMaxPackBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", size, " bytes is too large for a rule pack"));
  }
  // Not value-initialised: the file's bytes overwrite it.
  std::unique_ptr<uint64_t[]> buffer(new uint64_t[(static_cast<size_t>(size) + 7) / 8]);
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(buffer.get()), size)) {
    return absl::DataLossError(absl::StrCat(path, ": cannot read the rule pack"));
  }
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      FromBuffer(std::move(buffer), static_cast<uint64_t>(size));
  if (!pack.ok()) {
    return absl::Status(pack.status().code(), absl::StrCat(path, ": ", pack.status().message()));
  }
  return pack;
}

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::FromBytes(absl::string_view bytes) {
  if (bytes.size() > kMaxPackBytes) {
    return absl::ResourceExhaustedError("the rule pack is too large");
  }
  std::unique_ptr<uint64_t[]> buffer(new uint64_t[(bytes.size() + 7) / 8]);
  if (!bytes.empty()) std::memcpy(buffer.get(), bytes.data(), bytes.size());
  return FromBuffer(std::move(buffer), bytes.size());
}

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::FromBuffer(
    std::unique_ptr<uint64_t[]> buffer, uint64_t size) {
  const char* base = reinterpret_cast<const char*>(buffer.get());
  FileHeader header;
  if (size < sizeof(header))
    return absl::InvalidArgumentError("not a coderules rule pack (too short)");
  std::memcpy(&header, base, sizeof(header));
  if (std::memcmp(header.magic, internal::kPackMagic, sizeof(header.magic)) != 0) {
    return absl::InvalidArgumentError("not a coderules rule pack");
  }
  if (header.format_version != internal::kPackFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("rule pack format version ", header.format_version, "; this library reads ",
                     internal::kPackFormatVersion, ": compile the pack again"));
  }
  if (header.file_size != size) {
    return Corrupt(absl::StrCat("the header says ", header.file_size, " bytes, the file has ", size,
                                " (truncated?)"));
  }
  if (header.checksum != XXH3_64bits(base + sizeof(header), size - sizeof(header))) {
    return Corrupt("checksum mismatch");
  }
  if (header.section_count > kMaxSections ||
      sizeof(header) + uint64_t{header.section_count} * sizeof(SectionEntry) > size) {
    return Corrupt("bad section directory");
  }
  const auto* directory = reinterpret_cast<const SectionEntry*>(base + sizeof(header));
  const uint64_t data_start =
      sizeof(header) + uint64_t{header.section_count} * sizeof(SectionEntry);
  for (uint32_t i = 0; i < header.section_count; ++i) {
    const SectionEntry& e = directory[i];
    if (e.offset % 8 != 0 || e.offset < data_start || e.offset > size || e.element_size == 0 ||
        e.count > (size - e.offset) / e.element_size) {
      return Corrupt(absl::StrCat("section ", e.id, " lies outside the file"));
    }
    for (uint32_t j = 0; j < i; ++j) {
      if (directory[j].id == e.id) return Corrupt(absl::StrCat("section ", e.id, " appears twice"));
    }
  }
  const Sections sections(base, absl::MakeConstSpan(directory, header.section_count));

  std::shared_ptr<RulePack> pack(new RulePack());
  CODERULES_ASSIGN_OR_RETURN(absl::Span<const char> info,
                             sections.Get<char>(internal::kInfoSection));
  if (!pack->info_.ParseFromArray(info.data(), static_cast<int>(info.size()))) {
    return Corrupt("unreadable pack information");
  }
  const size_t sources = pack->info_.sources_size();
  const size_t rationales = pack->info_.rationales_size();
  auto ptp_ok = [&](const internal::PtpRow& r) {
    return r.source < sources && r.rationale < rationales &&
           (r.indicator == 0 || r.indicator == 1 || r.indicator == 9) && r.effective <= r.deletion;
  };
  auto mue_ok = [&](const internal::MueRow& r) {
    return r.source < sources && r.rationale < rationales && r.mai >= 1 && r.mai <= 3 &&
           r.value >= 0 && r.effective <= r.end;
  };
  auto add_on_ok = [&](const internal::AddOnRow& r) {
    return r.source < sources && r.type >= 1 && r.type <= 3 && r.effective <= r.end;
  };
  internal::PackTables& t = *pack->tables_;
  CODERULES_RETURN_IF_ERROR(
      LoadTable(sections, internal::kPtpPractitioner, ptp_ok, &t.ptp_practitioner));
  CODERULES_RETURN_IF_ERROR(LoadTable(sections, internal::kPtpFacility, ptp_ok, &t.ptp_facility));
  CODERULES_RETURN_IF_ERROR(
      LoadTable(sections, internal::kMuePractitioner, mue_ok, &t.mue_practitioner));
  CODERULES_RETURN_IF_ERROR(LoadTable(sections, internal::kMueFacility, mue_ok, &t.mue_facility));
  CODERULES_RETURN_IF_ERROR(LoadTable(sections, internal::kAddOn, add_on_ok, &t.add_on));
  pack->buffer_ = std::move(buffer);  // the spans point into it
  return std::shared_ptr<const RulePack>(std::move(pack));
}

}  // namespace coderules
