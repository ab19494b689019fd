#include "coderules/rule_pack.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
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

template <typename Entry>
absl::Status LoadDirectory(const Sections& sections, uint32_t keys_id,
                           internal::Directory<Entry>* directory) {
  CODERULES_ASSIGN_OR_RETURN(directory->keys, sections.Get<uint64_t>(keys_id));
  CODERULES_ASSIGN_OR_RETURN(directory->slots, sections.Get<uint32_t>(keys_id + 1));
  CODERULES_ASSIGN_OR_RETURN(directory->entries, sections.Get<Entry>(keys_id + 2));
  const auto& keys = directory->keys;
  const auto& slots = directory->slots;
  const std::string name = absl::StrCat("directory ", keys_id);
  if (directory->entries.size() != keys.size()) {
    return Corrupt(absl::StrCat(name, ": entries do not match keys"));
  }
  for (size_t i = 1; i < keys.size(); ++i) {
    if (keys[i - 1] >= keys[i]) return Corrupt(absl::StrCat(name, ": keys out of order"));
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
  return absl::OkStatus();
}

// Every range of every entry must lie inside its row table.
template <typename Entry, typename Ranges>
absl::Status CheckRanges(const internal::Directory<Entry>& directory, Ranges ranges) {
  for (const Entry& entry : directory.entries) {
    for (const auto& [range, size] : ranges(entry)) {
      if (range.begin > size || range.count > size - range.begin) {
        return Corrupt("a code's rows lie outside their table");
      }
    }
  }
  return absl::OkStatus();
}

template <typename Row, typename RowOk>
absl::Status CheckRows(absl::Span<const Row> rows, RowOk row_ok, absl::string_view table) {
  for (const Row& row : rows) {
    if (!row_ok(row)) return Corrupt(absl::StrCat(table, ": a row has an out-of-range field"));
  }
  return absl::OkStatus();
}

// The tables' sizes, for PackInfo.tables.
void CountRows(const internal::PackTables& t, v1::PackInfo* info) {
  const std::pair<const char*, size_t> counts[] = {
      {"procedure_codes", t.procedures.keys.size()},
      {"ptp_practitioner", t.ptp[0].rows.size()},
      {"ptp_outpatient_hospital", t.ptp[1].rows.size()},
      {"mue_practitioner", t.mue[0].size()},
      {"mue_outpatient_hospital", t.mue[1].size()},
      {"add_on", t.add_on.size()},
      {"hcpcs", t.hcpcs.size()},
      {"fee_schedule", t.fee_schedule.size()},
      {"icd10cm_codes", t.icd10cm.keys.size()},
      {"icd10cm_validity", t.icd10cm_validity.size()},
      {"icd10cm_names", t.icd10cm_names.size()},
      {"icd10cm_seventh", t.icd10cm_seventh.size()},
      {"icd10cm_notes", t.icd10cm_notes.size()},
      {"icd10cm_lists", t.icd10cm_lists.size()},
      {"icd10pcs_codes", t.icd10pcs.keys.size()},
      {"icd10pcs_validity", t.icd10pcs_validity.size()},
      {"icd10pcs_lists", t.icd10pcs_lists.size()},
      {"modifiers", t.modifiers.keys.size()},
      {"places_of_service", t.places_of_service.keys.size()},
  };
  for (const auto& [table, rows] : counts) {
    v1::TableRows* r = info->add_tables();
    r->set_table(table);
    r->set_rows(static_cast<int64_t>(rows));
  }
}

// Points the tables at their sections and checks everything a check or a lookup will index.
absl::Status AttachTables(const Sections& sections, const v1::PackInfo& info,
                          internal::PackTables* t) {
  using namespace internal;  // NOLINT: the pack layout's names
  CODERULES_ASSIGN_OR_RETURN(t->text_offsets, sections.Get<uint32_t>(kTextOffsets));
  CODERULES_ASSIGN_OR_RETURN(t->text_bytes, sections.Get<char>(kTextBytes));
  if (t->text_offsets.empty() || t->text_offsets.front() != 0 ||
      t->text_offsets.back() != t->text_bytes.size() ||
      !std::is_sorted(t->text_offsets.begin(), t->text_offsets.end())) {
    return Corrupt("text offsets do not match the texts");
  }
  const size_t texts = t->text_offsets.size() - 1;
  auto text_ok = [texts](uint32_t index) { return index == kNoText || index < texts; };
  CODERULES_ASSIGN_OR_RETURN(t->coverage, sections.Get<CoverageRow>(kCoverageRows));
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->coverage,
      [](const CoverageRow& r) { return r.system >= 1 && r.system <= 5 && r.effective <= r.end; },
      "coverage"));

  const size_t sources = info.sources_size();
  const size_t rationales = info.rationales_size();
  const uint32_t ptp_sections[2] = {kPtpPractitionerRows, kPtpFacilityRows};
  const uint32_t mue_sections[2] = {kMuePractitionerRows, kMueFacilityRows};
  for (int i = 0; i < 2; ++i) {
    PtpTable& ptp = t->ptp[i];
    CODERULES_ASSIGN_OR_RETURN(ptp.rows, sections.Get<PtpRow>(ptp_sections[i]));
    CODERULES_ASSIGN_OR_RETURN(ptp.column1, sections.Get<uint32_t>(ptp_sections[i] + 1));
    CODERULES_ASSIGN_OR_RETURN(ptp.filter, sections.Get<uint64_t>(ptp_sections[i] + 2));
    if (ptp.column1.size() != ptp.rows.size() || ptp.filter.empty() ||
        (ptp.filter.size() & (ptp.filter.size() - 1)) != 0) {
      return Corrupt("PTP table sizes do not match");
    }
    CODERULES_RETURN_IF_ERROR(CheckRows(
        ptp.rows,
        [&](const PtpRow& r) {
          return r.source < sources && r.rationale < rationales &&
                 (r.indicator == 0 || r.indicator == 1 || r.indicator == 9) &&
                 r.effective <= r.deletion;
        },
        "PTP"));
    CODERULES_ASSIGN_OR_RETURN(t->mue[i], sections.Get<MueRow>(mue_sections[i]));
    CODERULES_RETURN_IF_ERROR(CheckRows(
        t->mue[i],
        [&](const MueRow& r) {
          return r.source < sources && r.rationale < rationales && r.mai >= 1 && r.mai <= 3 &&
                 r.value >= 0 && r.effective <= r.end;
        },
        "MUE"));
  }
  CODERULES_ASSIGN_OR_RETURN(t->add_on, sections.Get<AddOnRow>(kAddOnRows));
  CODERULES_ASSIGN_OR_RETURN(t->add_on_primary, sections.Get<uint32_t>(kAddOnPrimary));
  if (t->add_on_primary.size() != t->add_on.size()) return Corrupt("add-on table sizes differ");
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->add_on,
      [&](const AddOnRow& r) {
        return r.source < sources && r.type >= 1 && r.type <= 3 && r.effective <= r.end;
      },
      "add-on"));
  CODERULES_ASSIGN_OR_RETURN(t->hcpcs, sections.Get<HcpcsRow>(kHcpcsRows));
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->hcpcs, [&](const HcpcsRow& r) { return text_ok(r.short_title) && text_ok(r.long_title); },
      "HCPCS"));
  CODERULES_ASSIGN_OR_RETURN(t->fee_schedule, sections.Get<FeeScheduleRow>(kFeeScheduleRows));
  CODERULES_RETURN_IF_ERROR(LoadDirectory(sections, kProcedureKeys, &t->procedures));
  CODERULES_RETURN_IF_ERROR(CheckRanges(t->procedures, [&](const ProcedureEntry& e) {
    return std::array<std::pair<Range, size_t>, 7>{{{e.ptp[0], t->ptp[0].rows.size()},
                                                    {e.ptp[1], t->ptp[1].rows.size()},
                                                    {e.mue[0], t->mue[0].size()},
                                                    {e.mue[1], t->mue[1].size()},
                                                    {e.add_on, t->add_on.size()},
                                                    {e.hcpcs, t->hcpcs.size()},
                                                    {e.fee_schedule, t->fee_schedule.size()}}};
  }));
  // Binary searches need each code's column-1 codes in order.
  for (const ProcedureEntry& e : t->procedures.entries) {
    for (int i = 0; i < 2; ++i) {
      const auto* first = t->ptp[i].column1.data() + e.ptp[i].begin;
      if (!std::is_sorted(first, first + e.ptp[i].count)) return Corrupt("PTP rows out of order");
    }
  }

  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_validity, sections.Get<ValidityRow>(kIcd10CmValidityRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_names, sections.Get<NameRow>(kIcd10CmNameRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_seventh, sections.Get<SeventhRow>(kIcd10CmSeventhRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_lists, sections.Get<TextRow>(kIcd10CmListRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_notes, sections.Get<NoteRow>(kIcd10CmNoteRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10cm_note_refs, sections.Get<CodeRangeRow>(kIcd10CmNoteRefs));
  CODERULES_ASSIGN_OR_RETURN(t->icd10pcs_validity,
                             sections.Get<ValidityRow>(kIcd10PcsValidityRows));
  CODERULES_ASSIGN_OR_RETURN(t->icd10pcs_lists, sections.Get<TextRow>(kIcd10PcsListRows));
  CODERULES_ASSIGN_OR_RETURN(t->modifier_rows, sections.Get<TextRow>(kModifierRows));
  CODERULES_ASSIGN_OR_RETURN(t->place_of_service_rows, sections.Get<TextRow>(kPlaceOfServiceRows));
  auto text_row_ok = [&](const TextRow& r) { return text_ok(r.text) && r.effective <= r.end; };
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->icd10cm_names,
      [&](const NameRow& r) { return text_ok(r.short_title) && text_ok(r.long_title); }, "names"));
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->icd10cm_seventh, [&](const SeventhRow& r) { return text_ok(r.text); }, "7th characters"));
  const size_t note_refs = t->icd10cm_note_refs.size();
  CODERULES_RETURN_IF_ERROR(CheckRows(
      t->icd10cm_notes,
      [&](const NoteRow& r) {
        return text_ok(r.text) && r.kind >= 1 && r.kind <= 8 && r.refs.begin <= note_refs &&
               r.refs.count <= note_refs - r.refs.begin;
      },
      "notes"));
  for (const auto* rows :
       {&t->icd10cm_lists, &t->icd10pcs_lists, &t->modifier_rows, &t->place_of_service_rows}) {
    CODERULES_RETURN_IF_ERROR(CheckRows(*rows, text_row_ok, "texts"));
  }
  CODERULES_RETURN_IF_ERROR(LoadDirectory(sections, kIcd10CmKeys, &t->icd10cm));
  CODERULES_RETURN_IF_ERROR(CheckRanges(t->icd10cm, [&](const IcdEntry& e) {
    return std::array<std::pair<Range, size_t>, 4>{{{e.validity, t->icd10cm_validity.size()},
                                                    {e.names, t->icd10cm_names.size()},
                                                    {e.seventh, t->icd10cm_seventh.size()},
                                                    {e.lists, t->icd10cm_lists.size()}}};
  }));
  CODERULES_RETURN_IF_ERROR(LoadDirectory(sections, kIcd10PcsKeys, &t->icd10pcs));
  CODERULES_RETURN_IF_ERROR(CheckRanges(t->icd10pcs, [&](const IcdEntry& e) {
    return std::array<std::pair<Range, size_t>, 4>{{{e.validity, t->icd10pcs_validity.size()},
                                                    {e.names, 0},
                                                    {e.seventh, 0},
                                                    {e.lists, t->icd10pcs_lists.size()}}};
  }));
  CODERULES_RETURN_IF_ERROR(LoadDirectory(sections, kModifierKeys, &t->modifiers));
  CODERULES_RETURN_IF_ERROR(CheckRanges(t->modifiers, [&](const RowsEntry& e) {
    return std::array<std::pair<Range, size_t>, 1>{{{e.rows, t->modifier_rows.size()}}};
  }));
  CODERULES_RETURN_IF_ERROR(LoadDirectory(sections, kPlaceOfServiceKeys, &t->places_of_service));
  return CheckRanges(t->places_of_service, [&](const RowsEntry& e) {
    return std::array<std::pair<Range, size_t>, 1>{{{e.rows, t->place_of_service_rows.size()}}};
  });
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
  CODERULES_RETURN_IF_ERROR(AttachTables(sections, pack->info_, pack->tables_.get()));
  CountRows(*pack->tables_, &pack->info_);
  pack->buffer_ = std::move(buffer);  // the spans point into it
  return std::shared_ptr<const RulePack>(std::move(pack));
}

}  // namespace coderules
